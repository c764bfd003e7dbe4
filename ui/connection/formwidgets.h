#pragma once

#include <QEvent>
#include <QFont>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QObject>
#include <QPalette>

#include <functional>
#include <utility>

// Pieces of the connection dialog's form, kept apart so the dialog reads as its layout.
namespace dbx::ui::connectionform {

struct SslMode {
    const char *keyword;
    const char *help;
};

// libpq's own keywords, shown untranslated because that is what users find in libpq's docs
// and in their URLs; only the explanations are translated.
inline constexpr SslMode sslModes[] = {
    {"disable", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog", "Never use SSL.")},
    {"allow", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog",
                                "Try without SSL first; use SSL if the server insists.")},
    {"prefer", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog",
                                 "Try SSL first; fall back to an unencrypted connection.")},
    {"require", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog",
                                  "Only SSL. The certificate is not verified unless a root "
                                  "certificate file is present.")},
    {"verify-ca", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog",
                                    "Only SSL, with a certificate signed by a trusted CA.")},
    {"verify-full", QT_TRANSLATE_NOOP("dbx::ui::ConnectionDialog",
                                      "Like verify-ca, and the host name must match the "
                                      "certificate.")},
};

inline QLabel *buddyLabel(const QString &text, QWidget *buddy)
{
    auto *label = new QLabel(text);
    label->setBuddy(buddy);
    return label;
}

// Secondary text: smaller and in the placeholder colour, so it reads as a hint, not a value.
inline QLabel *hintLabel(const QString &text = {})
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setTextFormat(Qt::PlainText);
    QFont font = label->font();
    if (font.pointSizeF() > 0) {
        font.setPointSizeF(font.pointSizeF() * 0.9);
        label->setFont(font);
    }
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

inline QLineEdit *lineEdit(const QString &objectName, const QString &placeholder = {})
{
    auto *edit = new QLineEdit;
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    return edit;
}

// Decides when the URL field is read. QLineEdit passes Return on to the dialog, which would
// press Connect with the form as it was before the URL was read, so Return only applies the
// URL. Leaving the field applies it too, except when focus goes to another window (to copy the
// rest of a URL) or to the context menu (to paste it).
class UrlFieldFilter : public QObject {
public:
    UrlFieldFilter(std::function<void()> onReturn, std::function<void()> onLeave, QObject *parent)
        : QObject(parent)
        , m_onReturn(std::move(onReturn))
        , m_onLeave(std::move(onLeave))
    {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent *>(event)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                m_onReturn();
                return true;
            }
        } else if (event->type() == QEvent::FocusOut) {
            const Qt::FocusReason reason = static_cast<QFocusEvent *>(event)->reason();
            if (reason != Qt::ActiveWindowFocusReason && reason != Qt::PopupFocusReason)
                m_onLeave();
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void()> m_onReturn;
    std::function<void()> m_onLeave;
};

} // namespace dbx::ui::connectionform
