import { createSignal } from 'solid-js';

interface BeforeInstallPromptEvent extends Event {
  prompt(): Promise<void>;
  userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const [installEvent, setInstallEvent] = createSignal<BeforeInstallPromptEvent | null>(null);

/** True where the browser offers installation and the app is not installed yet. */
export const canInstall = () => installEvent() !== null;

export function listenForInstallPrompt(): void {
  window.addEventListener('beforeinstallprompt', (e) => {
    // Keep the browser's own mini-bar away; the user menu offers "Install Alex" instead.
    e.preventDefault();
    setInstallEvent(e as BeforeInstallPromptEvent);
  });
  window.addEventListener('appinstalled', () => setInstallEvent(null));
}

export async function promptInstall(): Promise<void> {
  const e = installEvent();
  if (!e) return;
  await e.prompt();
  await e.userChoice;
  setInstallEvent(null);
}
