// Loaded in <head> without defer: marks the page as scripted before it is drawn (styles that need script key on .js).
// No page has inline script or inline handlers (the Content-Security-Policy forbids them): behaviour is wired here.
document.documentElement.classList.replace('no-js', 'js');

// <button data-print>: prints the page (the quarterly report).
document.addEventListener('click', e => {
    if (e.target instanceof Element && e.target.closest('[data-print]')) {
        window.print();
    }
});

// <form data-no-submit>: a form that only hosts script-driven controls (the media upload) never submits.
document.addEventListener('submit', e => {
    if (e.target instanceof HTMLFormElement && e.target.hasAttribute('data-no-submit')) {
        e.preventDefault();
    }
});

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
