#pragma once

#include <QApplication>
#include <QKeyEvent>
#include <QString>
#include <QtTest>

namespace dbx::test {

// Types `text` into `widget` key by key. QTest::keyClicks sends every character as Latin-1,
// so Cyrillic or an emoji would arrive as NUL: those go as key events carrying their text,
// as a keyboard layout sends them (a surrogate pair as one key). '\n' is the Return key.
inline void typeText(QWidget *widget, const QString &text)
{
    for (qsizetype i = 0; i < text.size(); ++i) {
        QString unit(text.at(i));
        if (text.at(i).isHighSurrogate() && i + 1 < text.size())
            unit += text.at(++i);
        if (unit == QLatin1String("\n")) {
            QTest::keyClick(widget, Qt::Key_Return);
        } else if (unit.size() == 1 && unit.at(0).unicode() < 0x80) {
            QTest::keyClick(widget, unit.at(0).toLatin1());
        } else {
            QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, unit);
            QApplication::sendEvent(widget, &press);
            QKeyEvent release(QEvent::KeyRelease, Qt::Key_unknown, Qt::NoModifier, unit);
            QApplication::sendEvent(widget, &release);
        }
    }
}

} // namespace dbx::test
