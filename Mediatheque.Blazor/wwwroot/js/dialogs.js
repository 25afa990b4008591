// Keyboard focus and modal dialogs (RGAA 7.1, 10.7, 12.8; issue 27), for every dialog the app opens.
//
// MudDialog already wraps its content in MudFocusTrap, but that trap works through the server: Tab past the last
// control lands on an invisible stop, whose focus event goes to the circuit, which answers « focus the first
// control ». Until the answer comes back (a round trip: longer on a school's network or a busy server) the focus sits
// on nothing, and a second Tab leaves the dialog for the app bar and the page behind the overlay. Here the wrap
// happens in the browser, before the focus moves: Tab on the last control goes to the first, Shift+Tab on the first
// to the last.
//
// MudBlazor also means to give the focus back when a dialog closes, but by then the dialog's elements are gone and
// nothing is focused. Here the control that had the focus when a dialog appeared gets it back when the dialog goes
// (or, when Blazor drew that control anew meanwhile, the control of the same name).
//
// Dialogs are found by their ARIA role (MudDialog renders role="dialog"), never by MudBlazor's class names.
(() => {
    const tabbable = "a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true]";

    const openDialogs = () => [...document.querySelectorAll("[role=dialog]")];

    // The dialog the user is in: the last one opened (MudDialogProvider renders them in order).
    const topDialog = () => openDialogs().at(-1) ?? null;

    // MudFocusTrap's own stops: empty boxes of no size, around the dialog's content. The focus never sits on them.
    const emptyStop = e => e.tagName === "DIV" && e.childNodes.length === 0 && e.offsetWidth === 0 && e.offsetHeight === 0;

    // What Tab may reach in a dialog: enabled, not taken out of the order, displayed, and not an empty stop.
    const stops = dialog => [...dialog.querySelectorAll(tabbable)].filter(e =>
        e.tabIndex >= 0 && !e.disabled && !e.closest("[inert]") && e.getClientRects().length > 0
        && getComputedStyle(e).visibility !== "hidden" && !emptyStop(e));

    document.addEventListener("keydown", event => {
        if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) {
            return;
        }

        const dialog = topDialog();
        const active = document.activeElement;
        // A list a control of the dialog opened (MudBlazor renders popovers outside the dialog) keeps its own keys.
        if (!dialog || active?.closest("[role=listbox], [role=menu]")) {
            return;
        }

        const controls = stops(dialog);
        if (controls.length === 0) {
            event.preventDefault();
            dialog.focus();
            return;
        }

        // Anywhere but on one of its stops — still on the button that opened it (the dialog's own first focus comes
        // from the server), on the dialog itself, on an empty stop — Tab goes in from the edge.
        const index = controls.indexOf(active);
        const astray = !active || !dialog.contains(active) || active === dialog || emptyStop(active);
        if (index === -1 && !astray) {
            return;
        }

        if (event.shiftKey && index <= 0) {
            event.preventDefault();
            controls.at(-1).focus();
        } else if (!event.shiftKey && (index === -1 || index === controls.length - 1)) {
            event.preventDefault();
            controls[0].focus();
        }
    }, true);

    // The control that opened each dialog, and its name to find it again if Blazor replaced it.
    const openers = new WeakMap();

    const nameOf = element => (element.getAttribute("aria-label") || element.textContent || "").trim();

    const remember = dialog => {
        const opener = document.activeElement;
        if (opener && opener !== document.body && !dialog.contains(opener)) {
            openers.set(dialog, { element: opener, name: nameOf(opener), tag: opener.tagName });
        }
    };

    const giveBack = dialog => {
        const opener = openers.get(dialog);
        openers.delete(dialog);
        const active = document.activeElement;
        // Only when the focus went with the dialog: never taken from where the user or the page put it since.
        if (!opener || (active && active !== document.body && active.isConnected)) {
            return;
        }

        let target = opener.element.isConnected ? opener.element : null;
        if (!target && opener.name) {
            target = [...document.querySelectorAll(opener.tag)].find(e => nameOf(e) === opener.name) ?? null;
        }

        target?.focus();
    };

    const dialogsIn = node => node.nodeType !== Node.ELEMENT_NODE
        ? []
        : [...(node.matches("[role=dialog]") ? [node] : []), ...node.querySelectorAll("[role=dialog]")];

    new MutationObserver(mutations => {
        for (const mutation of mutations) {
            mutation.addedNodes.forEach(node => dialogsIn(node).forEach(remember));
            mutation.removedNodes.forEach(node => dialogsIn(node).forEach(giveBack));
        }
    }).observe(document.documentElement, { childList: true, subtree: true });
})();
