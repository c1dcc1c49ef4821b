"""Flask: the console's forms (Flask-WTF: every form carries the session's CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (BooleanField, HiddenField, PasswordField, SelectField, SelectMultipleField, StringField,
                     TextAreaField)
from wtforms.fields import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length
from wtforms.widgets import CheckboxInput, ListWidget

from admin.policy import MAX_PASSWORD_LENGTH, ROLES
from campaigns.model import MEDIA
from civic.store import STATUSES as CIVIC_STATUSES

REQUIRED = "入力してください。"

ROLE_CHOICES = [SelectChoice(code, label) for code, label in ROLES.items()]


class LoginForm(FlaskForm):
    name = StringField("ログイン名", validators=[DataRequired(REQUIRED), Length(max=64)])
    password = PasswordField("パスワード", validators=[DataRequired(REQUIRED), Length(max=MAX_PASSWORD_LENGTH)])


class PasswordForm(FlaskForm):
    current = PasswordField("現在のパスワード", validators=[DataRequired(REQUIRED)])
    new = PasswordField("新しいパスワード (12 文字以上)", validators=[DataRequired(REQUIRED)])
    confirm = PasswordField("新しいパスワード (確認)", validators=[
        DataRequired(REQUIRED), EqualTo("new", "新しいパスワードが一致しません。")])


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes (one per choice) instead of a multi-select box, easier with keyboard and phone."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class StaffForm(FlaskForm):
    name = StringField("ログイン名", validators=[DataRequired(REQUIRED)])
    roles = MultiCheckboxField("役割", choices=ROLE_CHOICES,
                               validators=[DataRequired("役割を 1 つ以上選んでください。")])


class RolesForm(FlaskForm):
    roles = MultiCheckboxField("役割", choices=ROLE_CHOICES,
                               validators=[DataRequired("役割を 1 つ以上選んでください。")])
    disabled = BooleanField("このアカウントを無効にする")


class FaqForm(FlaskForm):
    """One FAQ; the rules (id format, lengths, https links) are the import's, checked by bot.faq.editing."""

    id = StringField("ID (半角英数字)", validators=[DataRequired(REQUIRED)])
    question = StringField("質問", validators=[DataRequired(REQUIRED)])
    answer = TextAreaField("回答", validators=[DataRequired(REQUIRED)])
    aliases = TextAreaField("別の聞き方 (1 行に 1 つ)")
    category = StringField("分類")
    department = StringField("担当課")
    phone = StringField("電話番号")
    url = StringField("詳しい情報の URL (https://)")


class FaqImportForm(FlaskForm):
    file = FileField("FAQ ファイル (CSV または JSON)", validators=[
        FileRequired("ファイルを選んでください。"),
        FileAllowed(["csv", "json"], "CSV (.csv) か JSON (.json) のファイルを選んでください。")])


class AliasForm(FlaskForm):
    faq_id = HiddenField(validators=[DataRequired()])
    alias = HiddenField(validators=[DataRequired()])


class MenuForm(FlaskForm):
    """A rich menu's name and look; its tap areas are rows of the page's table, checked by menus.editing."""

    key = StringField("メニュー ID (半角英小文字・数字・- _)")
    name = StringField("名前 (管理用)", validators=[DataRequired(REQUIRED)])
    chat_bar_text = StringField("トーク画面の下に出る文字 (14 文字以内)", validators=[DataRequired(REQUIRED)])
    layout = StringField("レイアウト")
    image = FileField("デザインした画像 (任意: JPEG か PNG、1 MB 以下、レイアウトと同じ大きさ)", validators=[
        FileAllowed(["png", "jpg", "jpeg"], "PNG か JPEG の画像を選んでください。")])


class PlanForm(FlaskForm):
    default = StringField("未登録の友だちのメニュー", validators=[DataRequired(REQUIRED)])
    registered = StringField("登録済みの友だちのメニュー (下の割り当てに当てはまらない人)", validators=[DataRequired(REQUIRED)])
    disaster = StringField("災害時メニュー", validators=[DataRequired(REQUIRED)])
    rules = TextAreaField("割り当て (1 行に「対象 => メニュー ID」。上の行が優先)")


class DisasterForm(FlaskForm):
    reason = StringField("理由 (監査ログに残ります)", validators=[DataRequired("理由を入力してください。"), Length(max=200)])
    confirm = BooleanField("全員のメニューとあいさつが切り替わることを確認しました",
                           validators=[DataRequired("確認のチェックを入れてください。")])


class CampaignForm(FlaskForm):
    """Fields only; campaigns.model.from_form checks them and says what is wrong in one message."""

    name = StringField("名前 (例: 広報ひかり台 12月号)", validators=[Length(max=200)])
    medium = SelectField("媒体", choices=[SelectChoice(medium, medium) for medium in MEDIA])
    starts = StringField("開始日", render_kw={"type": "date"})
    ends = StringField("終了日", render_kw={"type": "date"})
    cost = StringField("費用 (円、わかれば)", render_kw={"inputmode": "numeric"})


class CivicStatusForm(FlaskForm):
    status = SelectField("状況", choices=[SelectChoice(code, label) for code, label in CIVIC_STATUSES.items()])
    public_comment = TextAreaField("市民へのひとこと (通報した人に届きます。公開データにも載ります)",
                                   validators=[Length(max=300, message="300 文字以内にしてください。")])
    reason = StringField("対応できない理由 (対応不可のとき)", validators=[Length(max=200, message="200 文字以内にしてください。")])
