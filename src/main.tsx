import { render } from 'solid-js/web';
import { App } from './app/App';
import { registerServiceWorker } from './pwa/serviceWorker';
import { listenForInstallPrompt } from './pwa/installPrompt';
import { listenForConnectivity } from './pwa/online';
import { requestPersistentStorage } from './pwa/persistence';
import { RELOAD_CHANNEL } from './app/BackupPanel';
import './app/styles.css';

// Which build is running: shown to tests and in bug reports.
document.documentElement.dataset.build = __ALEX_BUILD__;
listenForInstallPrompt();
listenForConnectivity();
registerServiceWorker();
void requestPersistentStorage();
// A restore in another tab replaced the catalogue (and ended every session): start afresh.
new BroadcastChannel(RELOAD_CHANNEL).onmessage = () => location.reload();

render(() => <App />, document.getElementById('root')!);
