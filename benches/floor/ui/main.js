// Reports the first painted frame, as Grot's ui/painted.js does.
requestAnimationFrame(() => requestAnimationFrame(() => {
  window.__TAURI__.core.invoke('app_painted', { screen: 'gate', page_ms: Math.round(performance.now()) });
}));
