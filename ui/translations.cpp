#include "ui/translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QSettings>
#include <QTranslator>

namespace dbx::ui {

namespace {
const char *const languageKey = "ui/language";
}

QStringList availableLanguages()
{
    return {QStringLiteral("en"), QStringLiteral("ru")};
}

QString storedLanguage()
{
    return QSettings().value(QLatin1String(languageKey), QStringLiteral("system")).toString();
}

void storeLanguage(const QString &language)
{
    QSettings().setValue(QLatin1String(languageKey), language);
}

QString installTranslations(const QString &language)
{
    QString code = language;
    if (code.isEmpty() || code == QLatin1String("system"))
        code = QLocale::system().name().section(QLatin1Char('_'), 0, 0);
    if (!availableLanguages().contains(code))
        code = QStringLiteral("en");
    if (code == QLatin1String("en"))
        return code;
    QLocale::setDefault(QLocale(code));
    auto *own = new QTranslator(qApp);
    if (own->load(QStringLiteral(":/dbx/i18n/dbexplorer_%1.qm").arg(code)))
        QCoreApplication::installTranslator(own);
    // Qt's own dialogs (buttons, file dialogs), when qt6-translations-l10n is installed.
    auto *qt = new QTranslator(qApp);
    if (qt->load(QStringLiteral("qtbase_%1").arg(code),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    return code;
}

} // namespace dbx::ui
