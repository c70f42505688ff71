// The admin navigation on a narrow screen: folded behind the 菜单 button (without script it stays open).
document.addEventListener('DOMContentLoaded', () => {
    const toggle = document.querySelector('.nav-toggle');
    const nav = document.getElementById('admin-nav');
    if (!toggle || !nav) {
        return;
    }
    toggle.addEventListener('click', () => {
        const open = toggle.getAttribute('aria-expanded') !== 'true';
        toggle.setAttribute('aria-expanded', String(open));
        nav.classList.toggle('open', open);
    });
    document.addEventListener('keydown', e => {
        if (e.key === 'Escape' && nav.classList.contains('open')) {
            toggle.setAttribute('aria-expanded', 'false');
            nav.classList.remove('open');
            toggle.focus();
        }
    });
});
