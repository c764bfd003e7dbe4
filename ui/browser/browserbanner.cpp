#include "ui/browser/browserbanner.h"

namespace dbx::ui {

BrowserBanner::BrowserBanner(QWidget *parent)
    : QLabel(parent)
{
    setObjectName(QStringLiteral("browserMessage"));
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void BrowserBanner::showMessage(Kind kind, const QString &text)
{
    if (text.isEmpty() || kind == Kind::None) {
        clearMessage();
        return;
    }
    const bool error = kind == Kind::Problems || kind == Kind::Failure || kind == Kind::Conflicts ||
                       kind == Kind::LoadError || kind == Kind::Refused;
    m_kind = kind;
    setText(text);
    setStyleSheet(error ? QStringLiteral("QLabel { background: #ffebee; color: #b71c1c;"
                                         " padding: 4px; }")
                        : QStringLiteral("QLabel { background: #e3f2fd; color: #0d47a1;"
                                         " padding: 4px; }"));
    show();
}

void BrowserBanner::clearMessage()
{
    m_kind = Kind::None;
    clear();
    hide();
}

QString BrowserBanner::message() const
{
    return isHidden() ? QString() : text();
}

} // namespace dbx::ui
