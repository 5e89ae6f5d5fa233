// What Tauri puts on the page (`withGlobalTauri`): the one function Grot uses of it.
export {};

declare global {
  interface Window {
    __TAURI__: {
      core: { invoke(command: string, args?: Record<string, unknown>): Promise<unknown> };
    };
  }
}
