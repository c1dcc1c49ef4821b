// linesim chat page: act as a citizen through the control API and show what the bot sends back.
"use strict";

(() => {
  const POLL_MS = 700;
  const CITY_HALL = { title: "市役所", address: "市役所本庁舎", latitude: 35.6812, longitude: 139.7671 };
  const STATUS_LABELS = { new: "まだ友だちではありません", friend: "友だち", blocked: "ブロック中" };
  const $ = id => document.getElementById(id);
  const { el } = LineRender;
  const state = { userId: null, lastSeq: 0, status: "new", polling: false, menuKey: null, menuOpen: true };

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, headers: { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(`操作できませんでした（${data.error || response.status}）`);
    return data;
  }

  function notify(text) { $("notice").textContent = text || ""; }

  function explainWebhook(result) {
    const reasons = { no_webhook_url: "ボットの Webhook URL が設定されていません",
                      request_timeout: "ボットが 2 秒以内に応答しませんでした",
                      could_not_connect: "ボットに接続できませんでした",
                      error_status_code: `ボットがエラー (${result.status}) を返しました` };
    notify(result.error ? reasons[result.error] || "ボットへの送信に失敗しました" : "");
  }

  async function act(path, body) {
    if (!state.userId) { notify("先に利用者を選んでください"); return; }
    clearQuickReplies();
    try {
      explainWebhook(await api("POST", `/_sim/users/${state.userId}/${path}`, body || {}));
    } catch (error) {
      notify(error.message);
    }
    await poll();
  }

  // --- what a tap on a button does (LINE action objects) ---
  function onAction(action) {
    switch (action.type) {
      case "message": return act("text", { text: action.text || action.label });
      case "postback": return act("postback", { data: action.data, displayText: action.displayText || action.text });
      case "uri": window.open(action.uri, "_blank", "noopener"); notify(`リンクを開きました: ${action.uri}`); return;
      case "datetimepicker": return pickDateTime(action);
      case "location": return act("location", CITY_HALL);
      case "camera": case "cameraRoll": return $("photo-input").click();
      case "richmenuswitch": return switchMenu(action);
      case "clipboard": navigator.clipboard?.writeText(action.clipboardText || ""); notify("コピーしました"); return;
      default: notify("このボタンはシミュレーターでは使えません");
    }
  }

  function pickDateTime(action) {
    const kinds = { date: "date", time: "time", datetime: "datetime-local" };
    const input = $("picker-input");
    input.type = kinds[action.mode] || "date";
    input.value = action.initial || "";
    const dialog = $("picker-dialog");
    dialog.onclose = () => {
      if (dialog.returnValue !== "ok" || !input.value) return;
      act("postback", { data: action.data, params: { [action.mode]: input.value } });
    };
    dialog.showModal();
  }

  // --- the rich menu under the chat: the image, its tap areas as buttons, the chat bar that folds it ---
  async function switchMenu(action) {
    try {
      explainWebhook(await api("POST", `/_sim/users/${state.userId}/richmenu/switch`,
                               { richMenuAliasId: action.richMenuAliasId, data: action.data }));
    } catch (error) {
      notify(error.message);
    }
    await poll();
  }

  function drawMenu(shown) {
    const box = $("rich-menu");
    const menu = shown && shown.richMenu;
    const key = menu ? `${menu.richMenuId}:${shown.source}` : null;
    if (key === state.menuKey) return;
    state.menuKey = key;
    box.hidden = !menu;
    if (!menu) return;
    const panel = $("rich-menu-panel");
    panel.replaceChildren();
    const image = el("img");
    image.src = shown.imageUrl;
    image.alt = "";
    panel.appendChild(image);
    const { width, height } = menu.size;
    menu.areas.forEach((area, index) => {
      const button = el("button", "rich-menu__area");
      button.type = "button";
      button.setAttribute("aria-label", area.action.label || `ボタン ${index + 1}`);
      Object.assign(button.style, { left: `${100 * area.bounds.x / width}%`, top: `${100 * area.bounds.y / height}%`,
                                    width: `${100 * area.bounds.width / width}%`,
                                    height: `${100 * area.bounds.height / height}%` });
      button.addEventListener("click", () => onAction(area.action));
      panel.appendChild(button);
    });
    $("chat-bar").textContent = `${menu.chatBarText} ${state.menuOpen ? "▾" : "▴"}`;
    panel.hidden = !state.menuOpen;
  }

  function toggleMenu() {
    state.menuOpen = !state.menuOpen;
    $("rich-menu-panel").hidden = !state.menuOpen;
    $("chat-bar").setAttribute("aria-expanded", String(state.menuOpen));
    $("chat-bar").textContent = $("chat-bar").textContent.replace(/[▾▴]$/, state.menuOpen ? "▾" : "▴");
  }

  // --- drawing the conversation ---
  function row(kind, content) {
    const line = el("div", `row ${kind}`);
    const bubble = el("div", "bubble");
    bubble.appendChild(typeof content === "string" ? document.createTextNode(content) : content);
    line.appendChild(bubble);
    return line;
  }

  const ACTION_TEXT = {
    follow: () => ["system", "友だち追加しました"], unblock: () => ["system", "ブロックを解除しました"],
    block: () => ["system", "ブロックしました"], text: item => ["user", item.text],
    sticker: () => ["user", "［スタンプ］"], location: item => ["user", `📍 ${item.title || "位置情報"}`],
    postback: item => item.displayText ? ["user", item.displayText] : ["system", "ボタンを押しました"],
    image: () => ["user", "［写真］"],
  };

  function drawAction(item) {
    const [kind, text] = (ACTION_TEXT[item.action] || (() => ["system", item.action]))(item);
    return row(kind, text);
  }

  function drawDelivery(item) {
    const rows = item.messages.map(message => {
      const { node, plain } = LineRender.message(message, onAction);
      if (plain) return row("bot", node);
      const line = el("div", "row bot");
      line.appendChild(node);
      return line;
    });
    const last = item.messages[item.messages.length - 1];
    showQuickReplies(last && last.quickReply ? last.quickReply.items : []);
    return rows;
  }

  function clearQuickReplies() { $("quick-replies").replaceChildren(); }

  function showQuickReplies(items) {
    clearQuickReplies();
    (items || []).forEach(item => $("quick-replies").appendChild(LineRender.actionButton(item.action, onAction, "")));
  }

  function draw(items) {
    const box = $("messages");
    items.forEach(item => {
      const rows = item.kind === "delivery" ? drawDelivery(item) : [drawAction(item)];
      rows.forEach(line => box.appendChild(line));
      if (item.kind === "action") clearQuickReplies();
      state.lastSeq = Math.max(state.lastSeq, item.seq);
    });
    if (items.length) box.scrollTop = box.scrollHeight;
  }

  function showStatus(user) {
    state.status = user.status;
    $("user-status").textContent = STATUS_LABELS[user.status] || user.status;
    $("follow-button").disabled = user.status !== "new";
    $("block-button").disabled = user.status !== "friend";
    $("unblock-button").disabled = user.status !== "blocked";
    ["message-input", "send-button", "location-button", "sticker-button"]
      .forEach(id => { $(id).disabled = user.status !== "friend"; });
  }

  async function poll() {
    if (!state.userId || state.polling) return;
    state.polling = true;
    try {
      const userId = state.userId;
      const feed = await api("GET", `/_sim/chat/${userId}?after=${state.lastSeq}`);
      if (userId !== state.userId) return;
      showStatus(feed.user);
      draw(feed.items);
      drawMenu(feed.user.status === "friend" ? await api("GET", `/_sim/users/${userId}/richmenu`) : null);
    } catch (error) {
      notify(error.message);
    } finally {
      state.polling = false;
    }
  }

  // --- choosing and creating users ---
  async function loadUsers(selected) {
    const users = await api("GET", "/_sim/users");
    const select = $("user-select");
    select.replaceChildren(el("option", "", "（利用者を選んでください）"));
    select.firstChild.value = "";
    users.forEach(user => {
      const option = el("option", "", `${user.displayName}（${user.userId.slice(0, 9)}…）`);
      option.value = user.userId;
      select.appendChild(option);
    });
    select.value = selected || "";
  }

  function choose(userId, name) {
    state.userId = userId || null;
    state.lastSeq = 0;
    state.menuKey = null;
    $("rich-menu").hidden = true;
    $("messages").replaceChildren();
    clearQuickReplies();
    notify("");
    $("chat-title").textContent = userId ? `${name} さんのトーク` : "利用者を選んでください";
    poll();
  }

  function setUp() {
    $("user-select").addEventListener("change", event => {
      const option = event.target.selectedOptions[0];
      choose(event.target.value, option ? option.textContent.split("（")[0] : "");
    });
    $("new-user-form").addEventListener("submit", async event => {
      event.preventDefault();
      const name = $("new-user-name").value.trim() || "テスト太郎";
      const user = await api("POST", "/_sim/users", { displayName: name, language: "ja" });
      await loadUsers(user.userId);
      choose(user.userId, name);
    });
    $("chat-bar").addEventListener("click", toggleMenu);
    $("follow-button").addEventListener("click", () => act("follow"));
    $("block-button").addEventListener("click", () => act("block"));
    $("unblock-button").addEventListener("click", () => act("unblock"));
    $("location-button").addEventListener("click", () => act("location", CITY_HALL));
    $("sticker-button").addEventListener("click", () => act("sticker", { packageId: "446", stickerId: "1988" }));
    $("photo-button").addEventListener("click", () => $("photo-input").click());
    $("photo-input").addEventListener("change", event => {
      const file = event.target.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => {
        const data = String(reader.result).split(",")[1];
        act("image", { data, contentType: file.type || "image/jpeg" });
      };
      reader.readAsDataURL(file);
      event.target.value = "";
    });
    $("scan-form").addEventListener("submit", event => {
      event.preventDefault();
      act("scan", { url: $("scan-url").value.trim(), send: !$("scan-no-code").checked });
    });
    $("send-form").addEventListener("submit", event => {
      event.preventDefault();
      const text = $("message-input").value.trim();
      if (!text) return;
      $("message-input").value = "";
      act("text", { text });
    });
    showStatus({ status: "new" });
    $("follow-button").disabled = true;
    api("GET", "/_sim/account").then(account => { $("bot-name").textContent = account.botName; });
    loadUsers();
    setInterval(poll, POLL_MS);
  }

  setUp();
})();
