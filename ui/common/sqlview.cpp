#include "ui/common/sqlview.h"

#include "model/query/querysql.h"

#include "ui/common/sqlhighlighter.h"

#include <QApplication>
#include <QClipboard>
#include <QDate>
#include <QDateTime>
#include <QFontDatabase>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

namespace dbx::ui {

namespace {

QPlainTextEdit *sqlEdit(const QString &name, QWidget *parent)
{
    auto *edit = new QPlainTextEdit(parent);
    edit->setObjectName(name);
    edit->setReadOnly(true);
    // A long select list wraps: the whole statement stays readable without scrolling sideways.
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    edit->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    new SqlHighlighter(edit->document());
    return edit;
}

// Only what changed is replaced, and the view stays where the reader left it.
void updateText(QPlainTextEdit *edit, const QString &text)
{
    if (edit->toPlainText() == text)
        return;
    const int vertical = edit->verticalScrollBar()->value();
    const int horizontal = edit->horizontalScrollBar()->value();
    edit->setPlainText(text);
    edit->verticalScrollBar()->setValue(vertical);
    edit->horizontalScrollBar()->setValue(horizontal);
}

// A value as a reader of the comment expects it: strings quoted SQL-style, NULL bare.

} // namespace

SqlView::SqlView(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("sqlProblems"));
    m_problems->setWordWrap(true);
    m_problems->setTextFormat(Qt::PlainText);
    m_problems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setContentsMargins(6, 4, 6, 4);
    m_problems->setAutoFillBackground(true);
    QPalette palette = m_problems->palette();
    palette.setColor(QPalette::Window, QColor(0xfd, 0xe7, 0xe7));
    palette.setColor(QPalette::WindowText, QColor(0x9b, 0x1c, 0x1c));
    m_problems->setPalette(palette);
    m_problems->setVisible(false);
    layout->addWidget(m_problems);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_parameterized = sqlEdit(QStringLiteral("parameterizedSql"), m_tabs);
    m_literal = sqlEdit(QStringLiteral("literalSql"), m_tabs);
    m_tabs->addTab(m_parameterized, tr("Parameterized"));
    m_tabs->addTab(m_literal, tr("With values"));
    m_parameterized->setToolTip(tr("The SQL that runs, with its values bound as parameters"));
    m_literal->setToolTip(tr("The same query with the values written in, to paste elsewhere"));

    m_copy = new QToolButton(m_tabs);
    m_copy->setObjectName(QStringLiteral("copySql"));
    m_copy->setText(tr("Copy"));
    m_copy->setToolTip(tr("Copy the SQL of the visible tab"));
    m_copy->setAutoRaise(true);
    m_tabs->setCornerWidget(m_copy, Qt::TopRightCorner);
    layout->addWidget(m_tabs, 1);

    connect(m_copy, &QToolButton::clicked, this, &SqlView::copy);
}

QString SqlView::paramComments(const QVariantList &params)
{
    return model::query::parameterComments(params);
}

void SqlView::setSql(const QString &parameterized, const QVariantList &params,
                     const QString &literal)
{
    QString text = parameterized;
    if (!params.isEmpty()) {
        if (!text.endsWith(u'\n'))
            text += u'\n';
        text += paramComments(params);
    }
    updateText(m_parameterized, text);
    updateText(m_literal, literal);
}

void SqlView::setProblems(const QStringList &problems)
{
    m_problems->setText(problems.join(u'\n'));
    m_problems->setVisible(!problems.isEmpty());
}

QString SqlView::parameterizedText() const
{
    return m_parameterized->toPlainText();
}

QString SqlView::literalText() const
{
    return m_literal->toPlainText();
}

void SqlView::copy()
{
    const QString text = m_tabs->currentWidget() == m_literal ? literalText() : parameterizedText();
    QApplication::clipboard()->setText(text);
}

} // namespace dbx::ui
