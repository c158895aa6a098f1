// The login form is plain HTML; this only translates it.
import { initLangToggle } from "./i18n.js";

initLangToggle();
