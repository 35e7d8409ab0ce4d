import { ButtonLink } from "~/components/ui/button";

export default function NotFound() {
  return (
    <main id="main" className="grid min-h-dvh place-items-center px-4">
      <div className="text-center">
        <p className="text-sm font-semibold text-brand-600">404</p>
        <h1 className="mt-2 text-2xl font-bold text-slate-900">This page does not exist</h1>
        <p className="mt-2 text-slate-600">The link may be old, or the page may have moved.</p>
        <ButtonLink href="/" className="mt-6">
          Back to the start
        </ButtonLink>
      </div>
    </main>
  );
}
