export { uiAssetsDir, uiAssetsBuilt } from './assets-dir.js'
export { serveUi, type ServeUiOptions } from './serve-ui.js'
export { UI_PAGES, type UiPage } from './pages.js'
