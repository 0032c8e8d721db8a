// The board's 30-second refresh (issue 11). htmx swaps in what the server answers; here the board takes only an answer
// that is a board fragment (the X-Qauipsiz-Board header), so a login page reached by a redirect is never pasted into
// it. When the session has ended, the kiosk link is revoked or the server does not answer, the last board stays, greyed,
// under the notice of why; the polling goes on (the element is not replaced), and the next good answer replaces it all.
(function () {
  "use strict";

  function boardOf(detail) {
    var target = detail.target || detail.elt;
    return target && target.closest ? target.closest("[data-board]") : null;
  }

  function disconnect(board, html) {
    var slot = board.querySelector(".board-connection");
    board.classList.add("disconnected");
    board.setAttribute("data-connection", "lost");
    if (!slot) return;
    if (html) {
      slot.innerHTML = html;
    } else {
      slot.textContent = "";
      var notice = document.createElement("p");
      notice.className = "board-disconnected";
      notice.setAttribute("data-reason", "network");
      notice.textContent = board.getAttribute("data-disconnected");
      slot.appendChild(notice);
    }
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var board = boardOf(event.detail);
    if (!board) return;
    var xhr = event.detail.xhr;
    var kind = xhr.getResponseHeader("X-Qauipsiz-Board");
    if (kind === "fresh" && xhr.status === 200) return;  // the new board: htmx swaps it in
    event.detail.shouldSwap = false;
    event.detail.isError = false;  // handled here: no console error for an expected 401 or 410
    disconnect(board, kind === "disconnected" ? xhr.responseText : null);
  });

  ["htmx:sendError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, function (event) {
      var board = boardOf(event.detail);
      if (board) disconnect(board, null);
    });
  });
})();
