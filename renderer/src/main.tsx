// Entry point. The platform adapter comes first: in the desktop app the core's
// port may arrive as soon as the page loads.
import { createPlatform } from './platform.ts'
import './i18n/index.ts'
import './styles.css'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './components/App.tsx'

const platform = createPlatform()
const root = document.getElementById('root')
if (!root) throw new Error('no #root element')
createRoot(root).render(
  <StrictMode>
    <App platform={platform} />
  </StrictMode>,
)
