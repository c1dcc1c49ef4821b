// Renders LINE message objects (Flex, template, media) as DOM nodes, readably rather than pixel-perfect.
// Every text goes through textContent: the bot's messages are data, never HTML.
"use strict";

const LineRender = (() => {
  const SIZES = { xxs: ".7rem", xs: ".75rem", sm: ".85rem", md: "1rem", lg: "1.15rem", xl: "1.3rem",
                  xxl: "1.5rem", "3xl": "1.8rem", "4xl": "2.1rem", "5xl": "2.5rem" };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function actionButton(action, onAction, className) {
    const button = el("button", className || "flex-button", action.label || action.displayText || "ボタン");
    button.type = "button";
    button.addEventListener("click", () => onAction(action));
    return button;
  }

  function text(node) {
    const out = el("div", "flex-text" + (node.weight === "bold" ? " bold" : ""));
    if (Array.isArray(node.contents) && node.contents.length) {
      node.contents.forEach(span => {
        const part = el("span", span.weight === "bold" ? "bold" : "", span.text);
        if (span.color) part.style.color = span.color;
        out.appendChild(part);
      });
    } else {
      out.textContent = node.text || "";
    }
    if (node.size && SIZES[node.size]) out.style.fontSize = SIZES[node.size];
    if (node.color) out.style.color = node.color;
    if (node.align) out.style.textAlign = node.align;
    return out;
  }

  function image(node) {
    const img = el("img", "flex-image");
    img.src = node.url;
    img.alt = "画像";
    return img;
  }

  function box(node, onAction) {
    const out = el("div", "flex-box " + (node.layout || "vertical"));
    if (node.backgroundColor) out.style.backgroundColor = node.backgroundColor;
    if (node.paddingAll) out.style.padding = node.paddingAll;
    (node.contents || []).forEach(child => {
      const rendered = component(child, onAction);
      if (child.flex !== undefined) rendered.style.flex = String(child.flex);
      out.appendChild(rendered);
    });
    return out;
  }

  function component(node, onAction) {
    let out;
    switch (node.type) {
      case "box": out = box(node, onAction); break;
      case "text": out = text(node); break;
      case "button": return actionButton(node.action, onAction, "flex-button " + (node.style || "link"));
      case "image": out = image(node); break;
      case "icon": out = el("img"); out.src = node.url; out.alt = ""; out.width = 16; break;
      case "separator": return el("hr", "flex-separator");
      case "video": out = el("div", "media", "［動画］"); break;
      default: out = el("div"); // spacer, filler
    }
    tappable(out, node.action, onAction);
    return out;
  }

  function tappable(node, action, onAction) {
    if (!action) return;
    node.classList.add("flex-tap");
    node.addEventListener("click", () => onAction(action));
  }

  function bubble(node, onAction) {
    const out = el("div", "flex-bubble");
    ["header", "hero", "body", "footer"].forEach(part => {
      if (!node[part]) return;
      const block = el("div", part === "hero" ? "" : "flex-block");
      block.appendChild(component(node[part], onAction));
      out.appendChild(block);
    });
    tappable(out, node.action, onAction);
    return out;
  }

  function flex(contents, onAction) {
    if (contents.type !== "carousel") return bubble(contents, onAction);
    const out = el("div", "flex-carousel");
    (contents.contents || []).forEach(item => out.appendChild(bubble(item, onAction)));
    return out;
  }

  function templateCard(column, onAction) {
    const card = el("div", "template-card");
    if (column.thumbnailImageUrl) card.appendChild(image({ url: column.thumbnailImageUrl }));
    if (column.title) card.appendChild(el("div", "template-title", column.title));
    if (column.text) card.appendChild(el("div", "template-text", column.text));
    (column.actions || []).forEach(action => card.appendChild(actionButton(action, onAction)));
    if (column.action) card.appendChild(actionButton(column.action, onAction));
    return card;
  }

  function template(tpl, onAction) {
    if (tpl.type === "carousel" || tpl.type === "image_carousel") {
      const out = el("div", "flex-carousel");
      (tpl.columns || []).forEach(column => out.appendChild(templateCard(column, onAction)));
      return out;
    }
    return templateCard(tpl, onAction);
  }

  const MEDIA = { video: "［動画］", audio: "［音声］", imagemap: "［イメージマップ］", coupon: "［クーポン］" };

  // One message object → { node, plain } where plain means "show inside an ordinary text bubble".
  function message(msg, onAction) {
    switch (msg.type) {
      case "text": case "textV2": return { node: document.createTextNode(msg.text || ""), plain: true };
      case "image": return { node: image({ url: msg.previewImageUrl || msg.originalContentUrl }), plain: true };
      case "sticker": return { node: el("span", "media", "［スタンプ］"), plain: true };
      case "location":
        return { node: el("span", "", `📍 ${msg.title || "位置情報"}\n${msg.address || ""}`), plain: true };
      case "flex": return { node: flex(msg.contents || {}, onAction), plain: false };
      case "template": return { node: template(msg.template || {}, onAction), plain: false };
      default:
        return { node: el("span", "media", `${MEDIA[msg.type] || "［メッセージ］"} ${msg.altText || ""}`), plain: true };
    }
  }

  return { message, actionButton, el };
})();
