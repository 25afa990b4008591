// Picture sign-in (the class page, /classe/…): arrow keys move between tiles and pictures, Enter or Space chooses;
// the pictures touched are kept here until the third, then the sequence is posted once. Without this script each
// touch posts and the page comes back with the pictures so far (the buttons' own values, and the board's data-keys, from
// which this script goes on when it loads after a first touch: a slow tablet on the school's Wi-Fi).
(() => {
    const items = grid => [...grid.querySelectorAll(":scope > li > a, :scope > li > button")];

    document.addEventListener("keydown", event => {
        if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(event.key) || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }

        // From inside a grid, or from anything that is not a control (the page itself, its heading focused on load).
        const grid = event.target.closest?.("[data-picture-grid]")
            ?? (event.target.closest?.("a, button, input, select, textarea, [contenteditable]") ? null : document.querySelector("[data-picture-grid]"));
        if (!grid) {
            return;
        }

        const all = items(grid);
        const at = all.indexOf(document.activeElement);
        if (at < 0) {
            all[0]?.focus();
            event.preventDefault();
            return;
        }

        // As many columns as items on the first row, whatever the screen's width.
        const columns = Math.max(1, all.filter(item => item.offsetTop === all[0].offsetTop).length);
        const step = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -columns, ArrowDown: columns }[event.key];
        const next = all[at + step];
        if (next) {
            next.focus();
        }

        event.preventDefault();
    });

    document.addEventListener("click", event => {
        const button = event.target.closest?.("[data-picture-board] button[data-key]");
        if (!button) {
            return;
        }

        event.preventDefault();
        const board = button.closest("[data-picture-board]");
        if (board.dataset.sending) {
            return;
        }

        const keys = board.dataset.keys ? board.dataset.keys.split(",") : [];
        keys.push(button.dataset.key);
        board.dataset.keys = keys.join(",");
        button.setAttribute("data-tapped", "");
        setTimeout(() => button.removeAttribute("data-tapped"), 250);

        const dots = board.querySelectorAll(".picture-dot");
        dots.forEach((dot, i) => dot.classList.toggle("picture-dot-on", i < keys.length));
        const text = board.querySelector(".picture-progress-text");
        if (text) {
            text.textContent = keys.length === 1 ? "1 image touchée sur 3" : `${keys.length} images touchées sur 3`;
        }

        if (keys.length >= dots.length) {
            board.dataset.sending = "true";
            const suite = document.createElement("input");
            suite.type = "hidden";
            suite.name = "suite";
            suite.value = keys.join(",");
            board.append(suite);
            board.submit();
        }
    });

    // For the tests: touches from now on are kept here (before, each posts on its own, as without script).
    document.documentElement.dataset.pictures = "ready";
})();
