// Search boxes (Components/Shared/SearchBox.razor, a MudTextField with Immediate="false"): the server hears of the
// text once per search, not once per keystroke (issues 15, 25). Typing only restarts a timer here; when typing pauses
// for data-debounce ms, or on Enter, one « change » event goes to Blazor, which reads the field's text then, so the
// last letters are never lost (« Effacer » is MudTextField's own). Listeners sit on the document, so boxes added
// later by Blazor need no set-up.
(() => {
    const timers = new WeakMap();
    const sent = new WeakMap(); // the text last handed to Blazor, per field

    const box = target => target instanceof HTMLInputElement && target.dataset.debounce ? target : null;

    const send = input => {
        clearTimeout(timers.get(input));
        timers.delete(input);
        sent.set(input, input.value);
        input.dispatchEvent(new Event("change", { bubbles: true }));
    };

    document.addEventListener("input", event => {
        const input = box(event.target);
        if (input) {
            clearTimeout(timers.get(input));
            timers.set(input, setTimeout(() => send(input), Number(input.dataset.debounce)));
        }
    }, true);

    document.addEventListener("keydown", event => {
        const input = box(event.target);
        if (input && event.key === "Enter" && timers.has(input)) {
            send(input);
        }
    }, true);

    // The browser's own change (leaving the field, Enter) after the text was sent already would be a second search
    // of the same text: stopped here, before Blazor's listener on the document hears it.
    document.addEventListener("change", event => {
        const input = box(event.target);
        if (!input || !event.isTrusted) {
            return;
        }
        if (!timers.has(input) && sent.get(input) === input.value) {
            event.stopImmediatePropagation();
        } else {
            clearTimeout(timers.get(input));
            timers.delete(input);
            sent.set(input, input.value);
        }
    }, true);
})();
