// The demo's web chat: polls the demo server's JSON API and acts as the chosen Telegram user.
// Bot text arrives already escaped and limited to b/i/u/s/code/pre/a by the server
// (render-telegram-text.ts); everything else is put on the page with textContent.

const POLL_MS = 700;
const STORAGE_KEY = "tandang-demo-identity";

const $ = (id) => document.getElementById(id);
const state = {
  identities: [],
  current: null,
  last: 0,
  generation: 0,
  polling: false,
  nodes: new Map(),
  toastTimer: undefined,
};

async function callApi(path, body) {
  const response = await fetch(path, {
    method: body ? "POST" : "GET",
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `HTTP ${response.status}`);
  return data;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function formatSize(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

function showToast(text, kind) {
  const toast = $("toast");
  toast.textContent = text;
  toast.className = `toast${kind ? ` ${kind}` : ""}`;
  toast.hidden = false;
  clearTimeout(state.toastTimer);
  state.toastTimer = setTimeout(() => {
    toast.hidden = true;
  }, 3500);
}

function renderMessage(message) {
  const wrapper = element("div", `msg ${message.from}`);
  wrapper.dataset.messageId = String(message.messageId);
  const bubble = element("div", "bubble");
  if (message.media) {
    const link = element("a", "attachment");
    link.href = message.media.url;
    link.target = "_blank";
    link.rel = "noopener";
    if (message.media.kind === "photo") {
      const image = element("img");
      image.src = message.media.url;
      image.alt = message.media.name;
      link.append(image);
    } else {
      link.download = message.media.name;
      const meta = element("div");
      meta.append(element("div", "", message.media.name));
      meta.append(element("div", "meta", formatSize(message.media.size)));
      link.append(element("div", "icon", "📄"), meta);
    }
    bubble.append(link);
  }
  if (message.location) {
    const { latitude, longitude, title } = message.location;
    const link = element("a", "attachment");
    link.href = message.location.url;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    const meta = element("div");
    meta.append(element("div", "", title || "Lokasi"));
    meta.append(element("div", "meta", `${latitude.toFixed(5)}, ${longitude.toFixed(5)}`));
    link.append(element("div", "icon", "📍"), meta);
    bubble.append(link);
  }
  if (message.html) {
    const text = element("div", "text");
    // Safe: built by the server from the message's text and entities, every character escaped.
    text.innerHTML = message.html;
    bubble.append(text);
  }
  // The server gives the time in the host province's zone ("07:20 WIB"), not the browser's.
  bubble.append(element("div", "time", message.time));
  wrapper.append(bubble);

  if (message.buttons.length > 0) {
    const keyboard = element("div", "inline-keyboard");
    for (const row of message.buttons) {
      const rowNode = element("div", "row");
      for (const button of row) {
        if (button.data !== undefined) {
          const node = element("button", "", button.text);
          node.type = "button";
          node.addEventListener("click", () =>
            send({ type: "button", messageId: message.messageId, data: button.data }),
          );
          rowNode.append(node);
        } else if (button.url) {
          const node = element("a", "", `${button.text} ↗`);
          node.href = button.url;
          node.target = "_blank";
          node.rel = "noopener noreferrer";
          rowNode.append(node);
        } else {
          rowNode.append(element("button", "", button.text));
        }
      }
      keyboard.append(rowNode);
    }
    wrapper.append(keyboard);
  }
  return wrapper;
}

function applyEvent(event) {
  const list = $("messages");
  if (event.type === "toast") {
    showToast(event.text, event.alert ? "alert" : "");
    return;
  }
  if (event.type === "delete") {
    state.nodes.get(event.messageId)?.remove();
    state.nodes.delete(event.messageId);
    return;
  }
  const node = renderMessage(event.message);
  const existing = state.nodes.get(event.message.messageId);
  if (existing) existing.replaceWith(node);
  else list.append(node);
  state.nodes.set(event.message.messageId, node);
}

function renderReplyKeyboard(keyboard) {
  const area = $("reply-keyboard");
  area.replaceChildren();
  area.hidden = !keyboard;
  if (!keyboard) return;
  for (const row of keyboard.rows) {
    const rowNode = element("div", "row");
    for (const button of row) {
      const node = element("button", "", button.text);
      node.type = "button";
      node.addEventListener("click", () => {
        if (button.requestContact) send({ type: "contact" });
        else if (button.requestLocation) openLocationPanel();
        else send({ type: "text", text: button.text });
      });
      rowNode.append(node);
    }
    area.append(rowNode);
  }
}

async function poll() {
  if (state.polling || !state.current) return;
  state.polling = true;
  const generation = state.generation;
  try {
    const data = await callApi(
      `/api/chat?user=${encodeURIComponent(state.current.key)}&after=${state.last}`,
    );
    if (generation !== state.generation) return;
    const list = $("messages");
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
    if (data.events.length > 0) list.querySelector(".empty")?.remove();
    for (const event of data.events) {
      applyEvent(event);
      state.last = Math.max(state.last, event.seq);
    }
    renderReplyKeyboard(data.keyboard);
    if (data.events.length > 0 && (atBottom || data.events.some(isOwnMessage))) {
      list.scrollTop = list.scrollHeight;
    }
  } catch (error) {
    showToast(`Server demo tidak menjawab: ${error.message}`, "error");
  } finally {
    state.polling = false;
  }
}

function isOwnMessage(event) {
  return event.type === "message" && event.message.from === "user";
}

async function send(action) {
  if (!state.current) return;
  try {
    await callApi("/api/send", { user: state.current.key, ...action });
    await poll();
  } catch (error) {
    showToast(error.message, "error");
  }
}

function chooseIdentity(key, since = 0) {
  const identity = state.identities.find((candidate) => candidate.key === key);
  if (!identity) return;
  state.current = identity;
  state.generation += 1;
  state.last = since;
  state.nodes.clear();
  localStorage.setItem(STORAGE_KEY, key);
  $("identity").value = key;
  const list = $("messages");
  list.replaceChildren(element("div", "empty", "Belum ada pesan. Mulai dengan /start."));
  $("hint-text").textContent = identity.hint;
  const suggestions = $("suggestions");
  suggestions.replaceChildren();
  for (const text of identity.suggestions) {
    const chip = element("button", "", text);
    chip.type = "button";
    chip.addEventListener("click", () => send({ type: "text", text }));
    suggestions.append(chip);
  }
  $("location-office").textContent = `📍 Di kantor: ${identity.office.name}`;
  closeLocationPanel();
  renderReplyKeyboard(null);
  poll();
}

function openLocationPanel() {
  const office = state.current?.office;
  if (office) {
    // A point about 2.5 km away, to try a check-in outside the office's radius.
    $("location-lat").value = (office.latitude + 0.02).toFixed(5);
    $("location-lon").value = (office.longitude + 0.012).toFixed(5);
  }
  $("location-panel").hidden = false;
  $("attach-menu").hidden = true;
}

function closeLocationPanel() {
  $("location-panel").hidden = true;
}

function readFileAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(",", 2)[1] || "");
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function wireComposer() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("text");
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send({ type: "text", text });
  });
  $("identity").addEventListener("change", (event) => chooseIdentity(event.target.value));
  $("attach-toggle").addEventListener("click", () => {
    const menu = $("attach-menu");
    menu.hidden = !menu.hidden;
    $("attach-toggle").setAttribute("aria-expanded", String(!menu.hidden));
  });
  $("attach-document").addEventListener("click", () => {
    $("attach-menu").hidden = true;
    $("file-input").click();
  });
  $("attach-location").addEventListener("click", openLocationPanel);
  $("attach-contact").addEventListener("click", () => {
    $("attach-menu").hidden = true;
    send({ type: "contact" });
  });
  $("file-input").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) {
      showToast("Berkas terlalu besar (maksimal 20 MB).", "error");
      return;
    }
    const contentBase64 = await readFileAsBase64(file);
    send({
      type: "document",
      fileName: file.name,
      mimeType: file.type || "application/octet-stream",
      contentBase64,
    });
  });
  $("location-office").addEventListener("click", () => {
    const office = state.current?.office;
    if (!office) return;
    closeLocationPanel();
    // A few metres off the exact coordinates, like a phone's GPS fix inside the building.
    send({
      type: "location",
      latitude: office.latitude + 0.00012,
      longitude: office.longitude - 0.00009,
    });
  });
  $("location-custom").addEventListener("click", () => {
    const latitude = Number($("location-lat").value.replace(",", "."));
    const longitude = Number($("location-lon").value.replace(",", "."));
    if (!Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      showToast("Isi lintang dan bujur dengan angka.", "error");
      return;
    }
    closeLocationPanel();
    send({ type: "location", latitude, longitude });
  });
  $("location-cancel").addEventListener("click", closeLocationPanel);
}

async function start() {
  wireComposer();
  try {
    const demo = await callApi("/api/identities");
    state.identities = demo.identities;
    $("bot-name").textContent = `${demo.bot.name} (@${demo.bot.username})`;
    $("program-name").textContent = `${demo.program.name} · demo lokal`;
    const select = $("identity");
    for (const identity of demo.identities) {
      const option = element("option", "", identity.label);
      option.value = identity.key;
      select.append(option);
    }
    // ?as=<identity> opens that chat; &since=<n> shows only what came after event n
    // (scripts/demo-screenshots.ts uses both to picture one step of a conversation).
    const params = new URLSearchParams(location.search);
    const wanted = params.get("as");
    const saved = localStorage.getItem(STORAGE_KEY);
    const known = (key) => demo.identities.some((identity) => identity.key === key);
    const first = known(wanted) ? wanted : known(saved) ? saved : demo.identities[0]?.key;
    const since = Number(params.get("since") ?? "0");
    // &plain=1 hides the hint panel, for pictures of the chat alone.
    if (params.get("plain") === "1") $("hint").hidden = true;
    chooseIdentity(first, Number.isSafeInteger(since) && since > 0 ? since : 0);
    setInterval(poll, POLL_MS);
  } catch (error) {
    showToast(`Server demo tidak menjawab: ${error.message}`, "error");
  }
}

start();
