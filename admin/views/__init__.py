"""Flask: the console's pages, one module per menu entry; importing them registers their routes on `bp`."""

from admin.views import (  # noqa: F401
    audit_log, broadcast_form, broadcasts, campaigns, civic, dashboard, faq, friends, menus, reports, segments, staff)
