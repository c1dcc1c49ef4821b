"""Rich menus: menus as data, who sees which (segment rules), publishing to LINE, linking, disaster mode."""
