// Live editing (src/live): binds the page's <textarea> to a Yjs document shared over the room's
// WebSocket (y-websocket's provider: y-sync and awareness messages, reconnection with backoff,
// offline edits merged on reconnection), and shows where the others are.
// Built into assets/live.js by build.mjs; the page works without it (the plain editor).
import * as Y from "yjs";
import { WebsocketProvider } from "y-websocket";
import * as decoding from "lib0/decoding";

const LOCAL = "coopwiki-textarea";

function start(root) {
  const textarea = document.getElementById("cw-live-text");
  const mirror = document.getElementById("cw-live-mirror");
  const status = document.getElementById("cw-live-status");
  const people = document.getElementById("cw-live-people");
  const data = root.dataset;
  let mayWrite = data.writable === "true";
  let readOnlyReason = data.readOnly;
  let synced = false;

  const doc = new Y.Doc();
  const text = doc.getText("markdown");
  const scheme = window.location.protocol === "https:" ? "wss:" : "ws:";
  const socket = data.socket.replace(/\/ws$/, "");
  const provider = new WebsocketProvider(`${scheme}//${window.location.host}${socket}`, "ws", doc, {
    params: { csrf: data.csrf },
    disableBc: true,
  });
  // The server says who may write: denied with a reason, or granted again.
  provider.messageHandlers[2] = (_encoder, decoder) => {
    if (decoding.readVarUint(decoder) === 0) {
      mayWrite = false;
      readOnlyReason = decoding.readVarString(decoder) || data.readOnly;
    } else {
      mayWrite = true;
    }
    refresh();
  };
  const awareness = provider.awareness;
  awareness.setLocalStateField("user", { name: data.name, colour: data.colour });

  function say(message) {
    if (status.textContent !== message) status.textContent = message;
  }

  function refresh() {
    textarea.readOnly = !(mayWrite && synced);
    if (!mayWrite) say(readOnlyReason);
    else if (!provider.wsconnected && synced) say(data.offline);
    else if (!provider.wsconnected) say(data.connecting);
    else say(data.connected);
  }

  provider.on("status", refresh);
  provider.on("sync", (isSynced) => {
    if (isSynced && !synced) {
      synced = true;
      textarea.value = text.toString();
    }
    refresh();
  });
  provider.on("closed", (event) => say(`${data.closed} ${event.reason}`));

  // Typing: the difference between the text area and the document, as one change. It ends
  // at the caret: in "a  b" a space typed after the first one is told from one typed before it
  // (which matters when someone else's text is there too).
  textarea.addEventListener("input", () => {
    if (!synced) return;
    const before = text.toString();
    const after = textarea.value;
    const caret = textarea.selectionEnd;
    let endBefore = before.length;
    let endAfter = after.length;
    while (endAfter > caret && endBefore > 0 && before[endBefore - 1] === after[endAfter - 1]) {
      endBefore--;
      endAfter--;
    }
    let start = 0;
    while (start < endBefore && start < endAfter && before[start] === after[start]) start++;
    doc.transact(() => {
      if (endBefore > start) text.delete(start, endBefore - start);
      if (endAfter > start) text.insert(start, after.slice(start, endAfter));
    }, LOCAL);
    shareCursor();
  });

  // Others' typing: the text area follows, the caret and selection kept where they were.
  text.observe((event, transaction) => {
    if (transaction.origin === LOCAL || !synced) return;
    let selectionStart = textarea.selectionStart;
    let selectionEnd = textarea.selectionEnd;
    let index = 0;
    for (const op of event.delta) {
      if (op.retain) {
        index += op.retain;
      } else if (op.insert) {
        const length = op.insert.length;
        if (index < selectionStart) selectionStart += length;
        if (index < selectionEnd) selectionEnd += length;
        index += length;
      } else if (op.delete) {
        if (index < selectionStart) selectionStart -= Math.min(op.delete, selectionStart - index);
        if (index < selectionEnd) selectionEnd -= Math.min(op.delete, selectionEnd - index);
      }
    }
    const focused = document.activeElement === textarea;
    textarea.value = text.toString();
    if (focused) textarea.setSelectionRange(selectionStart, selectionEnd);
    drawOthers();
  });

  function shareCursor() {
    if (!synced) return;
    const position = (index) =>
      Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, index));
    awareness.setLocalStateField("cursor", {
      anchor: position(textarea.selectionStart),
      head: position(textarea.selectionEnd),
    });
  }
  for (const event of ["select", "keyup", "mouseup", "focus"]) {
    textarea.addEventListener(event, shareCursor);
  }
  textarea.addEventListener("scroll", () => {
    mirror.scrollTop = textarea.scrollTop;
  });

  function absolute(json) {
    try {
      const position = Y.createAbsolutePositionFromRelativePosition(
        Y.createRelativePositionFromJSON(json),
        doc,
      );
      return position ? position.index : null;
    } catch {
      return null;
    }
  }

  // The others: their names in their colours, and their carets and selections drawn in a
  // copy of the text laid out exactly under the text area.
  function drawOthers() {
    const others = [];
    awareness.getStates().forEach((state, client) => {
      if (client === doc.clientID || !state.user) return;
      const cursor = state.cursor && {
        anchor: absolute(state.cursor.anchor),
        head: absolute(state.cursor.head),
      };
      others.push({ user: state.user, cursor });
    });
    people.replaceChildren(
      ...[{ user: { name: data.name, colour: data.colour } }, ...others].map(({ user }) => {
        const item = document.createElement("li");
        item.textContent = String(user.name);
        item.style.setProperty("--person", String(user.colour));
        return item;
      }),
    );
    const content = text.toString();
    const marks = [];
    for (const { user, cursor } of others) {
      if (!cursor || cursor.anchor === null || cursor.head === null) continue;
      const from = Math.min(cursor.anchor, cursor.head);
      const to = Math.max(cursor.anchor, cursor.head);
      marks.push({ from, to, user });
    }
    marks.sort((a, b) => a.from - b.from);
    const nodes = [];
    let at = 0;
    for (const { from, to, user } of marks) {
      if (from < at) continue;
      nodes.push(document.createTextNode(content.slice(at, from)));
      const caret = document.createElement("span");
      caret.className = "live-caret";
      caret.dataset.name = String(user.name);
      caret.style.setProperty("--person", String(user.colour));
      nodes.push(caret);
      if (to > from) {
        const selection = document.createElement("mark");
        selection.style.setProperty("--person", String(user.colour));
        selection.textContent = content.slice(from, to);
        nodes.push(selection);
      }
      at = to;
    }
    nodes.push(document.createTextNode(`${content.slice(at)}\n`));
    mirror.replaceChildren(...nodes);
    mirror.scrollTop = textarea.scrollTop;
  }
  awareness.on("change", drawOthers);

  refresh();
  // For the browser tests (and the curious): the document and its connection.
  window.coopwikiLive = { doc, text, provider };
}

const root = document.getElementById("cw-live");
if (root) start(root);
