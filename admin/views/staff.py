"""Flask: スタッフ管理 (管理者 only) — create accounts, change roles, disable, issue a new one-time password."""

from __future__ import annotations

from flask import abort, flash, redirect, url_for

from admin import accounts
from admin.blueprint import actor, bp, render, requires, services
from admin.forms import RolesForm, StaffForm
from admin.policy import AccountError


@bp.route("/staff", methods=["GET", "POST"])
@requires("admin")
def staff():
    form = StaffForm()
    if form.validate_on_submit():
        try:
            password = accounts.create(services().redis, form.name.data, form.roles.data, actor=actor())
        except AccountError as error:
            form.name.errors.append(str(error))
        else:
            return _show_password(form.name.data.strip(), password)
    return render("staff.html", title="スタッフ管理", form=form, accounts=accounts.all_accounts(services().redis))


@bp.route("/staff/<name>", methods=["GET", "POST"])
@requires("admin")
def staff_edit(name: str):
    account = accounts.get(services().redis, name) or abort(404)
    form = RolesForm(data={"roles": sorted(account.roles), "disabled": account.disabled})
    if form.validate_on_submit():
        try:
            _apply(account, form)
        except AccountError as error:
            form.roles.errors.append(str(error))
        else:
            flash(f"{name} さんのアカウントを更新しました。", "success")
            return redirect(url_for("admin.staff"))
    return render("staff_edit.html", title=f"スタッフ: {name}", form=form, account=account)


def _apply(account: accounts.StaffAccount, form: RolesForm) -> None:
    redis = services().redis
    if set(form.roles.data) != set(account.roles):
        accounts.set_roles(redis, account.name, form.roles.data, actor=actor())
    if form.disabled.data != account.disabled:
        accounts.set_disabled(redis, account.name, form.disabled.data, actor=actor())


@bp.post("/staff/<name>/reset")
@requires("admin")
def staff_reset(name: str):
    try:
        password = accounts.reset_password(services().redis, name, actor=actor())
    except AccountError:
        abort(404)
    return _show_password(name, password)


def _show_password(name: str, password: str):
    """Shown once in this response only (never stored in the session cookie or a flash message)."""
    return render("staff_password.html", title="仮のパスワード", name=name, password=password)
