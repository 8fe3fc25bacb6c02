/**
 * The small HTML page that an assessment link opens.
 *
 * @module
 */

import type { AssessmentRecord } from "./state.ts";

/** Renders the page of `assessment`. */
export function renderAssessmentPage(assessment: AssessmentRecord): string {
  const id = escapeHtml(assessment.id);

  return page(
    "Test risk assessment",
    [
      `<h1>Test risk assessment</h1>`,
      `<p>Assessment <code>${id}</code></p>`,
      `<p>Expires at ${escapeHtml(assessment.expires_at)}.</p>`,
      `<p>This page is served by the assessment-sms sandbox.</p>`,
    ],
  );
}

/** Renders the page of a link that matches no assessment. */
export function renderNotFoundPage(): string {
  return page("Assessment not found", [
    "<h1>Assessment not found</h1>",
    "<p>This link matches no assessment in the sandbox.</p>",
  ]);
}

function page(title: string, body: string[]): string {
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "</head>",
    "<body>",
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}
