#pragma once

#include <QAction>
#include <QApplication>
#include <QMenu>
#include <QString>
#include <QTimer>

#include <functional>

namespace dbx::test {

// Runs `act` on the next menu that pops up, then closes it: a context menu's exec() blocks the
// test until the menu goes, so the answer has to be ready before it opens.
inline void whenMenu(std::function<void(QMenu *)> act)
{
    auto *timer = new QTimer;
    timer->setInterval(10);
    QObject::connect(timer, &QTimer::timeout, [timer, act] {
        if (auto *menu = qobject_cast<QMenu *>(QApplication::activePopupWidget())) {
            timer->stop();
            timer->deleteLater();
            act(menu);
            menu->close();
        }
    });
    timer->start();
}

// Triggers the action with the object name `name` in the next menu that pops up.
inline void chooseInMenu(const QString &name)
{
    whenMenu([name](QMenu *menu) {
        for (QAction *action : menu->actions())
            if (action->objectName() == name)
                action->trigger();
    });
}

} // namespace dbx::test
