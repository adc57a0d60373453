// Entry point: styles and the app shell, rendered into #root.
import { render } from 'solid-js/web';
import { App } from './app';
import { startEngine } from './bridges/engine';
// Registers globalThis.saflaLab (the Lab API for the console); no worker starts until it is used.
import './lab';
// Registers globalThis.saflaSandbox (custom tasks in the browser sandbox); loads nothing until used.
import './pipeline';
import { startWebMcp } from './webmcp';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
render(() => <App />, root);
// Claim (or queue for) the memory database's ownership as soon as the tab opens, not on the first memory call.
startEngine();
// Where the browser has WebMCP, the agent tools are registered with it (their code loads then).
startWebMcp();
