// Paramount's only script: switch on GOV.UK Frontend and MoJ Frontend components.
//
// Loaded as a module, so it runs only in browsers GOV.UK Frontend supports. The classes GOV.UK
// Frontend expects on <body> are added here rather than by an inline script, because the
// content security policy forbids inline scripts.
import { initAll as initGovUkFrontend } from "./vendor/govuk/govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./vendor/moj/moj-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initGovUkFrontend();
initMojFrontend();
