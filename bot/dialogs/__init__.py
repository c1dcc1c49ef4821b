"""Citizen dialogs in LINE: consent, registration, 設定, 配信停止, データ削除 (route and greet live in route.py)."""
