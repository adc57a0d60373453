// Entry point: styles and the app shell, rendered into #root.
import { render } from 'solid-js/web';
import { App } from './app';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');
render(() => <App />, root);
