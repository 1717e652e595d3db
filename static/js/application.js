import { initAll } from "../build/govuk-frontend.min.js";
import { initTimeoutWarning } from "./timeout-warning.js";

initAll();
initTimeoutWarning();
