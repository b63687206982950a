// The editor's colour theme: light or dark, or "auto" following the page's prefers-color-scheme.
// monaco's theme is one per page (monaco.editor.setTheme), so the last editor to choose sets it
// for every monaco editor on the page; the component's own colours follow its root's data-theme.
import { monaco } from "./monaco.js";
import { THEME_IDS } from "./language/monarch.js";

export type ThemeChoice = "light" | "dark" | "auto";

const DARK_QUERY = "(prefers-color-scheme: dark)";

export function resolveTheme(choice: ThemeChoice): "light" | "dark" {
  if (choice !== "auto") return choice;
  return typeof matchMedia === "function" && matchMedia(DARK_QUERY).matches ? "dark" : "light";
}

/** calls `changed` whenever the page's colour scheme changes; returns the way to stop */
export function watchColorScheme(changed: () => void): () => void {
  if (typeof matchMedia !== "function") return () => undefined;
  const query = matchMedia(DARK_QUERY);
  query.addEventListener("change", changed);
  return () => query.removeEventListener("change", changed);
}

export function applyTheme(root: HTMLElement, theme: "light" | "dark"): void {
  root.dataset.theme = theme;
  monaco.editor.setTheme(THEME_IDS[theme]);
}
