#include "ui/console/findbar.h"

#include "ui/console/sqleditor.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QShortcut>

namespace dbx::ui {

FindBar::FindBar(SqlEditor *editor, QWidget *parent)
    : QWidget(parent)
    , m_editor(editor)
    , m_find(new QLineEdit(this))
    , m_replace(new QLineEdit(this))
    , m_matchCase(new QCheckBox(tr("Match &case"), this))
    , m_regex(new QCheckBox(tr("Regular e&xpression"), this))
    , m_replaceRow(new QWidget(this))
    , m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_find->setObjectName(QStringLiteral("findText"));
    m_find->setPlaceholderText(tr("Find"));
    m_find->setClearButtonEnabled(true);
    m_replace->setObjectName(QStringLiteral("replaceText"));
    m_replace->setPlaceholderText(tr("Replace with"));
    m_matchCase->setObjectName(QStringLiteral("findMatchCase"));
    m_regex->setObjectName(QStringLiteral("findRegex"));
    m_status->setObjectName(QStringLiteral("findStatus"));

    auto *previous = new QPushButton(tr("&Previous"), this);
    previous->setObjectName(QStringLiteral("findPrevious"));
    auto *next = new QPushButton(tr("&Next"), this);
    next->setObjectName(QStringLiteral("findNext"));
    auto *close = new QPushButton(tr("Close"), this);
    auto *replace = new QPushButton(tr("&Replace"), m_replaceRow);
    replace->setObjectName(QStringLiteral("replaceOne"));
    auto *replaceAllButton = new QPushButton(tr("Replace &All"), m_replaceRow);
    replaceAllButton->setObjectName(QStringLiteral("replaceAll"));

    auto *findRow = new QHBoxLayout;
    findRow->addWidget(m_find, 1);
    findRow->addWidget(previous);
    findRow->addWidget(next);
    findRow->addWidget(m_matchCase);
    findRow->addWidget(m_regex);
    findRow->addWidget(m_status);
    findRow->addWidget(close);
    auto *replaceLayout = new QHBoxLayout(m_replaceRow);
    replaceLayout->setContentsMargins(0, 0, 0, 0);
    replaceLayout->addWidget(m_replace, 1);
    replaceLayout->addWidget(replace);
    replaceLayout->addWidget(replaceAllButton);
    replaceLayout->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addLayout(findRow);
    layout->addWidget(m_replaceRow);

    connect(next, &QPushButton::clicked, this, &FindBar::findNext);
    connect(previous, &QPushButton::clicked, this, &FindBar::findPrevious);
    connect(close, &QPushButton::clicked, this, [this] {
        hide();
        m_editor->setFocus();
    });
    connect(replace, &QPushButton::clicked, this, &FindBar::replaceCurrent);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    m_find->installEventFilter(this);
    connect(m_find, &QLineEdit::returnPressed, this, &FindBar::findNext);
    connect(m_replace, &QLineEdit::returnPressed, this, &FindBar::replaceCurrent);
    // Typing searches as you go, from where the current match starts.
    connect(m_find, &QLineEdit::textEdited, this, [this] { find(true, true); });

    // On the bar's parent (the editor and the bar together), so F3 works from either.
    auto addShortcut = [this](const QKeySequence &keys, auto slot) {
        auto *shortcut = new QShortcut(keys, parentWidget() ? parentWidget() : m_editor);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, slot);
    };
    addShortcut(QKeySequence::Find, [this] { open(false); });
    addShortcut(QKeySequence(Qt::CTRL | Qt::Key_H), [this] { open(true); });
    addShortcut(QKeySequence(Qt::Key_F3), [this] { findNext(); });
    addShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F3), [this] { findPrevious(); });
    hide();
}

void FindBar::open(bool replace)
{
    if (m_editor->hasSelection() && !m_editor->selectedText().contains(u'\n'))
        m_find->setText(m_editor->selectedText());
    m_replaceRow->setVisible(replace);
    m_status->clear();
    show();
    m_find->setFocus();
    m_find->selectAll();
}

bool FindBar::findNext()
{
    return find(true, false);
}

bool FindBar::findPrevious()
{
    return find(false, false);
}

bool FindBar::find(bool forward, bool fromSelectionStart)
{
    const QString pattern = m_find->text();
    if (pattern.isEmpty()) {
        showStatus({});
        return false;
    }
    int line = -1, index = -1;
    if (m_editor->hasSelection() && (fromSelectionStart || !forward)) {
        // Backwards from the start of the current match, or again from it while typing.
        int lineTo = 0, indexTo = 0;
        m_editor->getSelection(&line, &index, &lineTo, &indexTo);
    }
    const bool found =
        m_editor->findFirst(pattern, m_regex->isChecked(), m_matchCase->isChecked(), false, true,
                            forward, line, index, true, false, m_regex->isChecked());
    showStatus(found ? QString() : tr("Not found"));
    return found;
}

bool FindBar::replaceCurrent()
{
    const QString pattern = m_find->text();
    if (pattern.isEmpty())
        return false;
    // The selection is a match only if searching again from its start selects it again.
    if (m_editor->hasSelection()) {
        int line = 0, index = 0, lineTo = 0, indexTo = 0;
        m_editor->getSelection(&line, &index, &lineTo, &indexTo);
        if (m_editor->findFirst(pattern, m_regex->isChecked(), m_matchCase->isChecked(), false,
                                false, true, line, index, true, false, m_regex->isChecked())) {
            int l2 = 0, i2 = 0, lt2 = 0, it2 = 0;
            m_editor->getSelection(&l2, &i2, &lt2, &it2);
            if (l2 == line && i2 == index) {
                m_editor->replace(m_replace->text());
                return findNext();
            }
        }
    }
    return findNext();
}

int FindBar::replaceAll()
{
    const QString pattern = m_find->text();
    if (pattern.isEmpty())
        return 0;
    int count = 0;
    m_editor->beginUndoAction();
    bool found = m_editor->findFirst(pattern, m_regex->isChecked(), m_matchCase->isChecked(), false,
                                     false, true, 0, 0, false, false, m_regex->isChecked());
    while (found) {
        // An empty match (a regex such as ^) would never move on.
        if (!m_editor->hasSelection())
            break;
        m_editor->replace(m_replace->text());
        ++count;
        found = m_editor->findNext();
    }
    m_editor->endUndoAction();
    showStatus(tr("%n replaced", "", count));
    return count;
}

void FindBar::showStatus(const QString &text)
{
    m_status->setText(text);
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_editor->setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

bool FindBar::eventFilter(QObject *watched, QEvent *event)
{
    // The line edit would take Shift+Enter for Enter (find next): it means previous here.
    if (watched == m_find && event->type() == QEvent::KeyPress) {
        const auto *key = static_cast<QKeyEvent *>(event);
        if ((key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) &&
            key->modifiers() & Qt::ShiftModifier) {
            findPrevious();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace dbx::ui
