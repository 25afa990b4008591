// French typography, applied in this one place to every text the page shows, whoever wrote it (a page,
// a Core message, MudBlazor): a non-breaking space inside « » and before : ; ! ? (so that no « or ? is
// left alone at the start or end of a line on a phone), and curly apostrophes (l’école).
// Values that must stay exactly as typed — passwords, logins — sit in an element marked translate="no".
(() => {
    const rules = [
        [/« +/g, "«\u00A0"],
        [/ +»/g, "\u00A0»"],
        [/ +([:;!?])/g, "\u00A0$1"],
        [/(\p{L})'(?=\p{L})/gu, "$1\u2019"],
    ];
    const attributes = ["aria-label", "placeholder", "title", "alt"];
    const skipped = "script, style, code, pre, textarea, [translate=no], [contenteditable=true]";

    const typeset = text => rules.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);

    const verbatim = node => {
        const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
        return !element || element.closest(skipped) !== null;
    };

    const fixText = node => {
        if (!verbatim(node)) {
            const fixed = typeset(node.nodeValue);
            if (fixed !== node.nodeValue) {
                node.nodeValue = fixed; // the same node: Blazor keeps its reference and updates it later
            }
        }
    };

    const fixAttributes = element => {
        if (verbatim(element)) {
            return;
        }
        for (const name of attributes) {
            const value = element.getAttribute(name);
            if (value !== null) {
                const fixed = typeset(value);
                if (fixed !== value) {
                    element.setAttribute(name, fixed);
                }
            }
        }
    };

    const fixTree = root => {
        if (root.nodeType === Node.TEXT_NODE) {
            fixText(root);
            return;
        }
        if (root.nodeType !== Node.ELEMENT_NODE || verbatim(root)) {
            return;
        }
        fixAttributes(root);
        const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (node.nodeType === Node.TEXT_NODE) {
                fixText(node);
            } else {
                fixAttributes(node);
            }
        }
    };

    new MutationObserver(records => {
        for (const record of records) {
            if (record.type === "characterData") {
                fixText(record.target);
            } else if (record.type === "attributes") {
                fixAttributes(record.target);
            } else {
                record.addedNodes.forEach(fixTree);
            }
        }
    }).observe(document.documentElement, {
        subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: attributes,
    });
    fixTree(document.documentElement);
})();
