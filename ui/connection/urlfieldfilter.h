#pragma once

#include <QEvent>
#include <QKeyEvent>
#include <QObject>

#include <functional>
#include <utility>

namespace dbx::ui {

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

} // namespace dbx::ui
