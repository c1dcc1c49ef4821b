"""Friend-growth campaigns: short links and QR posters, scan counting, attribution of friends, the estimate."""
