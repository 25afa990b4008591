// Shared classroom computers: after the idle time (minutes, on <html data-idle-minutes>), sign out
// through the same form as « Se déconnecter », so the next pupil never lands in this account.
(() => {
    const minutes = Number(document.documentElement.dataset.idleMinutes || 30);
    let timer;
    const signOut = () => {
        const form = document.getElementById("logout-form");
        if (!form) {
            return;
        }
        form.querySelector("input[name=raison]").value = "inactivite";
        form.submit();
    };
    const restart = () => {
        clearTimeout(timer);
        timer = setTimeout(signOut, minutes * 60000);
    };
    for (const name of ["pointerdown", "keydown", "mousemove", "scroll", "touchstart"]) {
        document.addEventListener(name, restart, { passive: true });
    }
    restart();
})();
