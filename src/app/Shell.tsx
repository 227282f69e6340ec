import { A } from '@solidjs/router';
import { createSignal, onCleanup, onMount, Show, type ParentProps } from 'solid-js';
import { session } from '../data/auth';
import { useSignOut } from './useSignOut';
import { bootInfo } from '../data/boot';
import { plural } from '../ui/plural';
import { canInstall, promptInstall } from '../pwa/installPrompt';

function UserMenu() {
  const leave = useSignOut();
  const [open, setOpen] = createSignal(false);
  let root!: HTMLDivElement;
  const close = (e: MouseEvent) => {
    if (!root.contains(e.target as Node)) setOpen(false);
  };
  onMount(() => document.addEventListener('click', close));
  onCleanup(() => document.removeEventListener('click', close));
  return (
    <div
      class="user-menu"
      ref={root}
      // Escape from anywhere in the menu closes it and puts focus back on its button.
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !open()) return;
        setOpen(false);
        root.querySelector<HTMLButtonElement>('.user-button')?.focus();
      }}
    >
      {/* The button's name is its own text ("Account menu of" is read, not shown), so it always
          contains what is shown; on phones the name is only read (styles.css). */}
      <button class="user-button" aria-haspopup="menu" aria-expanded={open()} onClick={() => setOpen(!open())}>
        <span class="name-prefix">Account menu of </span>
        <span class="avatar" aria-hidden="true">
          {(session()?.user.displayName ?? '?').slice(0, 1).toUpperCase()}
        </span>
        <span class="user-name">{session()?.user.displayName}</span>
      </button>
      <Show when={open()}>
        <div class="menu" role="menu">
          <div class="menu-header">
            <strong>{session()?.user.displayName}</strong>
            <span class="muted">{session()?.user.email}</span>
            <span class="role-badge">{session()?.user.role === 'admin' ? 'Administrator' : 'Reader'}</span>
          </div>
          <Show when={canInstall()}>
            <button role="menuitem" onClick={() => { setOpen(false); void promptInstall(); }}>
              Install Alex
            </button>
          </Show>
          <A role="menuitem" href="/settings" onClick={() => setOpen(false)}>
            Account settings
          </A>
          <button
            role="menuitem"
            onClick={leave}
          >
            Sign out
          </button>
        </div>
      </Show>
    </div>
  );
}

/** Header, navigation and the page. Admin links only for admins (the worker enforces it anyway). */
export function Shell(props: ParentProps) {
  const isAdmin = () => session()?.user.role === 'admin';
  return (
    <div class="shell">
      <header class="topbar">
        <A href="/library" class="brand-link">
          {bootInfo()?.libraryName ?? 'Alex'}
        </A>
        <nav class="main-nav" aria-label="Main">
          <A href="/library">Library</A>
          <A href="/collections">Collections</A>
          <Show when={isAdmin()}>
            <A href="/admin">Admin</A>
          </Show>
        </nav>
        <UserMenu />
      </header>
      <main class="content">{props.children}</main>
      <footer class="statusbar" data-testid="boot-status">
        <span>{bootInfo()?.libraryName}</span>
        <span>schema v{bootInfo()?.schemaVersion}</span>
        <Show when={bootInfo()}>{(b) => <span data-testid="book-count">{plural(b().bookCount, 'book')}</span>}</Show>
      </footer>
    </div>
  );
}
