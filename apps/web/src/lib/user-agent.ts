/**
 * A short label for a session's device from its User-Agent, e.g. "Safari on iOS". iPhones and
 * iPads say "like Mac OS X" (and Chrome/Firefox/Edge there call themselves CriOS/FxiOS/EdgiOS),
 * so iOS is recognised before macOS, and Android (whose agents say "Linux") before Linux.
 */
export function describeDevice(userAgent: string | null): string {
  if (!userAgent) return "Unknown device";
  const browser = /Firefox\/|FxiOS\//.test(userAgent)
    ? "Firefox"
    : /Edg\/|EdgiOS\/|EdgA\//.test(userAgent)
      ? "Edge"
      : /Chrome\/|CriOS\//.test(userAgent)
        ? "Chrome"
        : /Safari\//.test(userAgent)
          ? "Safari"
          : "Browser";
  const os = /iPhone|iPad|iPod/.test(userAgent)
    ? "iOS"
    : /Android/.test(userAgent)
      ? "Android"
      : /Windows/.test(userAgent)
        ? "Windows"
        : /Mac OS X|Macintosh/.test(userAgent)
          ? "macOS"
          : /CrOS/.test(userAgent)
            ? "ChromeOS"
            : /Linux/.test(userAgent)
              ? "Linux"
              : "";
  return os ? `${browser} on ${os}` : browser;
}
