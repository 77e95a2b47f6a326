// Starts GOV.UK Frontend's components on the page (loaded as a module from base.html).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
