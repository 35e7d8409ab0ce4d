/** Shown when the server has no model route: how an operator configures one, including a local server. */
export function AssistantNotConfigured() {
  return (
    <section
      data-testid="assistant-not-configured"
      className="rounded-xl border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700"
      aria-labelledby="assistant-not-configured-title"
    >
      <h2 id="assistant-not-configured-title" className="text-base font-semibold text-slate-900">
        No AI provider is configured yet
      </h2>
      <p className="mt-1">
        The assistant answers through the server&apos;s LLM gateway. Whoever runs this server sets the model routes in the API&apos;s environment
        and restarts it; keys stay on the server and never reach the browser.
      </p>
      <ol className="mt-4 list-decimal space-y-3 pl-5">
        <li>
          <span className="font-medium text-slate-900">A hosted provider</span> — for example OpenAI, with Anthropic as the fallback:
          <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
            {`AI_ROUTES=openai:gpt-4o-mini,anthropic:claude-3-5-haiku-latest
OPENAI_API_KEY=sk-…
ANTHROPIC_API_KEY=sk-ant-…`}
          </pre>
        </li>
        <li>
          <span className="font-medium text-slate-900">A local OpenAI-compatible server</span> (Ollama, LM Studio, vLLM) — free and private:
          <pre className="mt-1 overflow-x-auto rounded-lg bg-slate-900 p-3 text-xs text-slate-100">
            {`ollama pull llama3.2 && ollama serve
AI_ROUTES=compat:llama3.2
AI_COMPAT_BASE_URL=http://127.0.0.1:11434/v1`}
          </pre>
        </li>
      </ol>
      <p className="mt-4">
        Budgets, prices and limits are described in the README section <span className="font-medium">“AI assistant”</span>.
      </p>
    </section>
  );
}
