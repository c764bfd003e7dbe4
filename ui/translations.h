#pragma once

#include <QString>
#include <QStringList>

namespace dbx::ui {

// Language of the user interface: "system" follows the locale, otherwise a language code.
// The choice is stored in the settings and applied at start-up.
QStringList availableLanguages(); // "en", "ru"
QString storedLanguage();
void storeLanguage(const QString &language);
// Installs DB Explorer's and Qt's own translators for `language` ("system", "en", "ru").
// Returns the language actually in use.
QString installTranslations(const QString &language);

} // namespace dbx::ui
