// The UI catalogues compiled into the binaries (:/i18n): the system language's, else English,
// whose catalogue carries the plural forms ("%n months" -> "1 month", "2 months").
#pragma once

namespace htmse {

void installTranslations(); // once, after the application object exists

} // namespace htmse
