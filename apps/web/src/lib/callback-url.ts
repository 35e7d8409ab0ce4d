/** Only same-site paths: "/app/x" yes; "//evil.test", "https://evil.test" or junk → "/app". */
export function safeCallbackUrl(value: string | undefined): string {
  return value && /^\/(?![/\\])[\w\-./?=&%]*$/.test(value) ? value : "/app";
}
