// A small renderer of LINE messages (text, image, Flex bubble/carousel) that looks like a LINE chat on a phone.
// It draws the exact message JSON the broadcast package builds. Every text goes in with textContent, so
// whatever staff type is shown as text, never run as HTML.
"use strict";

(function () {
  const SIZES = { xxs: 11, xs: 13, sm: 14, md: 16, lg: 19, xl: 22, xxl: 29, "3xl": 35, "4xl": 48, "5xl": 74 };
  const SPACES = { none: 0, xs: 2, sm: 4, md: 8, lg: 12, xl: 16, xxl: 20 };
  const COLOR = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function pixels(value, table) {
    if (value === undefined) return undefined;
    if (typeof value === "string" && /^\d+(\.\d+)?px$/.test(value)) return value;
    return table[value] !== undefined ? table[value] + "px" : undefined;
  }

  function color(value) {
    return typeof value === "string" && COLOR.test(value) ? value : undefined;
  }

  function httpsUrl(value) {
    return typeof value === "string" && value.startsWith("https://") ? value : undefined;
  }

  function applyCommon(node, spec, parentSpacing, isFirst) {
    const margin = pixels(spec.margin, SPACES) || (isFirst ? undefined : parentSpacing);
    if (margin) node.style.marginTop = margin;
    if (spec.flex !== undefined) node.style.flex = String(Number(spec.flex) || 0);
    const background = color(spec.backgroundColor);
    if (background) node.style.backgroundColor = background;
  }

  function text(spec) {
    const node = element("p", "flex-text", spec.text || "");
    node.style.fontSize = pixels(spec.size || "md", SIZES) || "16px";
    node.style.color = color(spec.color) || "#111111";
    if (spec.weight === "bold") node.style.fontWeight = "700";
    if (spec.align) node.style.textAlign = { start: "left", end: "right", center: "center" }[spec.align] || "left";
    if (!spec.wrap) node.classList.add("flex-text--nowrap");
    return node;
  }

  function button(spec) {
    const action = spec.action || {};
    const node = element("span", "flex-button flex-button--" + (spec.style || "link"), action.label || "");
    const tint = color(spec.color);
    if (tint && spec.style === "primary") node.style.backgroundColor = tint;
    if (tint && spec.style !== "primary") node.style.color = tint;
    if (spec.height === "sm") node.classList.add("flex-button--small");
    if (action.uri) node.title = action.uri;
    return node;
  }

  function image(spec) {
    const url = httpsUrl(spec.url);
    if (!url) return element("div", "flex-image flex-image--missing", "画像 (https:// の URL が必要です)");
    const node = element("img", "flex-image");
    node.src = url;
    node.alt = "";
    return node;
  }

  function box(spec) {
    const node = element("div", "flex-box flex-box--" + (spec.layout || "vertical"));
    const padding = pixels(spec.paddingAll, SPACES);
    if (padding) node.style.padding = padding;
    const radius = pixels(spec.cornerRadius, SPACES);
    if (radius) node.style.borderRadius = radius;
    const spacing = pixels(spec.spacing, SPACES);
    (spec.contents || []).forEach((child, index) => node.appendChild(component(child, spacing, index === 0)));
    return node;
  }

  function component(spec, parentSpacing, isFirst) {
    const makers = { box, text, button, image, separator: () => element("hr", "flex-separator"),
                     spacer: () => element("div", "flex-spacer"), filler: () => element("div", "flex-filler") };
    const make = makers[spec.type];
    const node = make ? make(spec) : element("p", "flex-unknown", "(表示できない部品: " + spec.type + ")");
    applyCommon(node, spec, parentSpacing, isFirst);
    return node;
  }

  function bubble(spec) {
    const node = element("div", "flex-bubble flex-bubble--" + (spec.size || "mega"));
    ["header", "hero", "body", "footer"].forEach((part) => {
      if (!spec[part]) return;
      const section = component(spec[part], undefined, true);
      section.classList.add("flex-" + part);
      node.appendChild(section);
    });
    return node;
  }

  function flex(message) {
    const contents = message.contents || {};
    const wrapper = element("div", "flex-message");
    if (contents.type === "carousel") {
      wrapper.classList.add("flex-carousel");
      (contents.contents || []).forEach((item) => wrapper.appendChild(bubble(item)));
    } else {
      wrapper.appendChild(bubble(contents));
    }
    wrapper.appendChild(element("p", "flex-alt", "通知に出る文: " + (message.altText || "")));
    return wrapper;
  }

  function message(spec) {
    if (spec.type === "text") return element("p", "chat-text", spec.text || "");
    if (spec.type === "image") return image({ url: spec.previewImageUrl || spec.originalContentUrl });
    if (spec.type === "flex") return flex(spec);
    return element("p", "chat-text", "(プレビューできない種類: " + spec.type + ")");
  }

  function render(container, messages, note) {
    container.replaceChildren();
    if (note) container.appendChild(element("p", "phone__note", note));
    if (!messages || messages.length === 0) {
      container.appendChild(element("p", "phone__empty", "メッセージを入力すると、ここに LINE での見え方が出ます。"));
      return;
    }
    messages.forEach((spec, index) => {
      const row = element("div", "chat-row");
      row.appendChild(element("span", "chat-avatar" + (index === 0 ? "" : " chat-avatar--hidden"), ""));
      row.appendChild(message(spec));
      container.appendChild(row);
    });
  }

  // Show one language of `variants`; a language without its own messages gets the Japanese ones (as citizens do).
  function renderVariant(container, variants, language) {
    const own = variants[language];
    if (own && own.length) return render(container, own);
    const note = language === "ja" ? "" : "この言語のメッセージがないため、この言語の人には日本語が届きます。";
    render(container, variants.ja || [], note);
  }

  window.CitybotPreview = { render, renderVariant };
})();
