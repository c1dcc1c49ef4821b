"""Pure: every word a citizen reads in the dialogs, in plain Japanese with やさしい日本語 and a few other languages.

`say(key, language)` picks the citizen's language; a missing translation falls back to やさしい日本語 for
other languages (what Japanese cities use for foreign residents) and then to Japanese.
"""

from __future__ import annotations

from segments.city import LANGUAGES

LABELS = {
    "agree": "同意する",
    "refuse": "同意しない",
    "skip": "スキップ",
    "back": "戻る",
    "done": "完了",
    "clear": "未登録にする",
    "next": "次へ ▶",
    "previous": "◀ 前へ",
    "close": "閉じる",
    "erase_yes": "はい、削除します",
    "erase_no": "やめる",
    "change_district": "地区を変える",
    "change_age": "年代を変える",
    "change_interest": "関心を変える",
    "change_language": "言語を変える",
    "withdraw": "同意をやめる",
    "settings": "設定",
    "register": "登録",
    "stop": "配信停止",
    "erase": "データ削除",
    "help": "ヘルプ",
}
"""Button labels (LINE shows at most 20 characters); the same words work when typed."""

MARK_CHOSEN = "✓ "
MARK_SUGGESTED = "★ "
MARKS = "✓★▶◀"
"""Decorations on labels; typed answers are compared without them."""

FIELD_NAMES = {
    "ja": {"district": "地区", "age": "年代", "interest": "関心", "language": "言語", "consent": "同意",
           "optouts": "止めているお知らせ"},
    "ja-easy": {"district": "すんでいる ところ", "age": "ねんれい", "interest": "しりたい こと", "language": "ことば",
                "consent": "どうい", "optouts": "とめている おしらせ"},
}

TEXTS: dict[str, dict[str, str]] = {
    "greeting": {
        "ja": "{city}のLINE公式アカウントです。友だち追加ありがとうございます。\n"
              "市の手続きや暮らしのことを、このトークで質問できます。",
    },
    "disaster_notice": {
        "ja": "【災害対応中】{city}は現在、災害に対応しています。\n"
              "避難所や災害の情報は、画面下のメニューから確認できます。命を守る行動を最優先してください。",
        "ja-easy": "【さいがい】いま、{city}で さいがいが おきています。\n"
                   "にげる ところ（ひなんじょ）は、したの メニューで みられます。",
        "en": "[Disaster response] {city} is responding to a disaster.\n"
              "Find evacuation shelters and disaster information in the menu below. Put your safety first.",
    },
    "campaign_thanks": {
        "ja": "「{campaign}」をご覧いただき、ありがとうございます。{city}からのお知らせをお届けします。",
        "ja-easy": "「{campaign}」を みて くれて、ありがとう ございます。{city}の おしらせを とどけます。",
        "en": "Thank you for finding us through “{campaign}”. {city} will keep you informed.",
    },
    "campaign_noted": {
        "ja": "コードを受け付けました。ありがとうございます。",
        "ja-easy": "コードを うけとりました。ありがとう ございます。",
        "en": "Thank you, we have your code.",
    },
    "campaign_register_hint": {
        "ja": "受け取るお知らせ（地区・関心）を選ぶには「登録」と送ってください。",
        "ja-easy": "ほしい おしらせを えらぶ ときは「登録」と おくって ください。",
        "en": "To choose the notices you receive, send “登録” (register).",
    },
    "welcome_back": {
        "ja": "おかえりなさい。{city}のLINE公式アカウントです。",
        "ja-easy": "おかえりなさい。{city}の LINE です。",
    },
    "welcome_kept": {
        "ja": "前の設定のまま、お知らせをお送りします。\n変えるときは「設定」と送ってください。",
        "ja-easy": "まえの せっていの まま、おしらせを おくります。\nかえるときは 「設定」と おくって ください。",
    },
    "welcome_unregistered": {
        "ja": "質問にはいつでもお答えします。\nお知らせの登録をするときは「登録」と送ってください。",
        "ja-easy": "しつもんには いつでも こたえます。\nおしらせの とうろくは 「登録」と おくって ください。",
    },
    "privacy": {
        "ja": "お住まいの地区・年代・関心のあること・言語を登録すると、あなたに合ったお知らせをお送りします。\n"
              "登録した内容は{city}が管理し、お知らせを選ぶためだけに使います。いつでも変更・削除できます。\n"
              "くわしくはこちら:\n{url}\n\n登録に同意しますか？",
    },
    "privacy_changed": {
        "ja": "個人情報の取り扱いの説明が新しくなりました。もう一度ご確認ください。",
        "ja-easy": "こじんじょうほう の せつめいが かわりました。もう一度 みてください。",
    },
    "consent_needed": {
        "ja": "登録には、先に同意が必要です。",
        "ja-easy": "とうろく する まえに、「どうい」が ひつようです。",
    },
    "consent_thanks": {
        "ja": "ありがとうございます。いくつか質問します。\n答えたくないときは「スキップ」を押してください。",
    },
    "consent_granted": {
        "ja": "同意を受け付けました。",
        "ja-easy": "「どうい」を うけつけました。",
    },
    "refused": {
        "ja": "わかりました。登録はしません。\n質問にはこれまでどおりお答えします。友だち全員へのお知らせも届きます。\n"
              "あとで登録するときは「登録」と送ってください。",
        "ja-easy": "わかりました。とうろく しません。\nしつもんには こたえます。みんなへの おしらせも とどきます。\n"
                   "あとで とうろく するときは 「登録」と おくって ください。",
    },
    "ask_district": {"ja": "お住まいの地区を選んでください。", "ja-easy": "すんでいる ところを えらんで ください。"},
    "ask_age": {"ja": "年代を選んでください。", "ja-easy": "ねんれいを えらんで ください。"},
    "ask_interest": {
        "ja": "知りたいことを選んでください。いくつでも選べます。\n選び終わったら「完了」を押してください。",
        "ja-easy": "しりたい ことを えらんで ください。いくつでも えらべます。\nおわったら 「完了」を おして ください。",
    },
    "ask_language": {
        "ja": "お知らせの言語を選んでください。\nPlease choose a language.\n请选择语言。\n언어를 선택해 주세요.\n"
              "Vui lòng chọn ngôn ngữ.",
    },
    "picked": {"ja": "「{value}」を選びました。", "ja-easy": "「{value}」を えらびました。"},
    "unpicked": {"ja": "「{value}」をはずしました。", "ja-easy": "「{value}」を はずしました。"},
    "invalid": {
        "ja": "そのボタンは今は使えません。下のボタンから選んでください。",
        "ja-easy": "その ボタンは いま つかえません。したの ボタンから えらんで ください。",
    },
    "registered": {
        "ja": "登録ありがとうございました。\n変えるときは「設定」と送ってください。",
        "ja-easy": "とうろく ありがとう ございました。\nかえるときは 「設定」と おくって ください。",
        "en": "Thank you for registering.\nTo change your choices, send 「設定」.",
        "zh": "感谢您的登记。\n如需更改，请发送「設定」。",
        "ko": "등록해 주셔서 감사합니다.\n변경하려면 「設定」을 보내 주세요.",
        "vi": "Cảm ơn bạn đã đăng ký.\nĐể thay đổi, hãy gửi 「設定」.",
    },
    "changed": {"ja": "{field}を「{value}」にしました。", "ja-easy": "{field}を 「{value}」に しました。"},
    "cleared": {"ja": "{field}を未登録にしました。", "ja-easy": "{field}を けしました。"},
    "settings_title": {"ja": "いまの設定", "ja-easy": "いまの せってい"},
    "settings_hint": {
        "ja": "変えたいものを下のボタンから選んでください。",
        "ja-easy": "かえたい ものを したの ボタンから えらんで ください。",
    },
    "unset": {"ja": "未登録", "ja-easy": "なし"},
    "consent_yes": {"ja": "同意しています", "ja-easy": "しています"},
    "consent_no": {"ja": "同意していません", "ja-easy": "していません"},
    "closed": {"ja": "わかりました。", "ja-easy": "わかりました。"},
    "stop_prompt": {
        "ja": "止めたいお知らせを選んでください。止めているものを押すと、また届くようになります。",
        "ja-easy": "とめたい おしらせを えらんで ください。とめている ものを おすと、また とどきます。",
    },
    "stop_label": {"ja": "{value}を止める", "ja-easy": "{value}を とめる"},
    "resume_label": {"ja": "{value}を再開", "ja-easy": "{value}を もどす"},
    "stopped": {"ja": "「{value}」のお知らせを止めました。", "ja-easy": "「{value}」の おしらせを とめました。"},
    "resumed": {"ja": "「{value}」のお知らせをまたお送りします。", "ja-easy": "「{value}」の おしらせを また おくります。"},
    "erase_ask": {
        "ja": "登録した内容（地区・年代・関心・言語・同意・配信停止）をすべて削除します。元には戻せません。\n"
              "よろしいですか？",
        "ja-easy": "とうろく した ことを ぜんぶ けします。もとに もどせません。\nいいですか？",
    },
    "erased": {
        "ja": "削除しました。{city}がお預かりしていた登録内容は、すべて消しました。\n"
              "友だちのままなので、質問にはお答えします。\n"
              "お知らせを受け取るときは、もう一度「登録」と送ってください。",
        "ja-easy": "けしました。{city}に とうろく した ことは ぜんぶ けしました。\n"
                   "しつもんには こたえます。\n"
                   "おしらせが ほしいときは また 「登録」と おくって ください。",
    },
    "erase_cancelled": {"ja": "削除はしませんでした。", "ja-easy": "けしませんでした。"},
    "help": {
        "ja": "このトークでできること\n・質問を送ると、市の案内をお返しします\n・「登録」お知らせの登録\n"
              "・「設定」登録した内容の確認と変更\n・「配信停止」お知らせの一部を止める\n・「データ削除」登録した内容を消す",
        "ja-easy": "この トークで できること\n・しつもんを おくると こたえます\n・「登録」おしらせの とうろく\n"
                   "・「設定」とうろくを みる・かえる\n・「配信停止」おしらせを とめる\n・「データ削除」とうろくを けす",
    },
}


def say(key: str, language: str | None = None, **values: str) -> str:
    """The text for `key` in the citizen's language, with {placeholders} filled in."""
    variants = TEXTS[key]
    for candidate in (language, "ja-easy" if language not in (None, "ja") else None, "ja"):
        if candidate in variants:
            return variants[candidate].format(**values)
    raise KeyError(key)


def field_name(field: str, language: str | None) -> str:
    """What we call an attribute in the citizen's language (地区, or すんでいる ところ in やさしい日本語)."""
    return FIELD_NAMES["ja" if language in (None, "ja") else "ja-easy"][field]


def language_label(code: str) -> str:
    """A language as its speakers write it (English labels are fine for choosing a language)."""
    return LANGUAGES.get(code, code)
