#include "ui/connection/connectiondialog.h"

#include "ui/connection/connectiondialogprivate.h"

#include "model/connection/connectionstore.h"
#include "ui/connection/connectionlook.h"
#include "ui/connection/formwidgets.h"
#include "ui/connection/passwordstore.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace dbx::ui {

using namespace connectionform;

namespace {

constexpr int savedListWidth = 200;
constexpr int maxPort = 65535;

bool isSecretOption(const QString &key)
{
    return key.contains(QLatin1String("password"), Qt::CaseInsensitive);
}

} // namespace

QWidget *ConnectionDialog::Private::buildSavedPanel()
{
    auto *panel = new QWidget;
    savedList = new QListWidget;
    savedList->setObjectName(QStringLiteral("savedList"));
    savedList->setSelectionMode(QAbstractItemView::SingleSelection);
    savedList->setUniformItemSizes(true);
    saveButton = new QPushButton(tr("&Save"));
    saveButton->setObjectName(QStringLiteral("saveButton"));
    saveButton->setToolTip(tr("Save the form under its name (without the password)"));
    deleteButton = new QPushButton(tr("De&lete"));
    deleteButton->setObjectName(QStringLiteral("deleteButton"));
    deleteButton->setToolTip(tr("Remove the selected connection from the list"));

    auto *buttonRow = new QHBoxLayout;
    buttonRow->addWidget(saveButton);
    buttonRow->addWidget(deleteButton);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buddyLabel(tr("Sa&ved connections:"), savedList));
    layout->addWidget(savedList, 1);
    layout->addLayout(buttonRow);
    return panel;
}

QWidget *ConnectionDialog::Private::buildFormPanel()
{
    auto *panel = new QWidget;
    urlEdit = lineEdit(QStringLiteral("urlEdit"),
                       tr("postgresql://user@host:5432/db or host=… dbname=…"));
    urlEdit->setToolTip(tr("A libpq URI (postgresql://user@host:5432/db), a SQLAlchemy URL "
                           "(postgresql+asyncpg://…, postgresql+psycopg2://…) or a keyword string "
                           "(host=… dbname=…). Return or Apply fills the form."));
    urlEdit->setClearButtonEnabled(true);
    urlEdit->installEventFilter(
        new UrlFieldFilter([this] { applyUrlAndContinue(); }, [this] { applyUrl(); }, urlEdit));
    applyUrlButton = new QPushButton(tr("&Apply"));
    applyUrlButton->setObjectName(QStringLiteral("applyUrlButton"));
    applyUrlButton->setToolTip(tr("Fill the form from the pasted URL"));
    auto *urlRow = new QHBoxLayout;
    urlRow->addWidget(urlEdit, 1);
    urlRow->addWidget(applyUrlButton);

    auto *separator = new QFrame;
    separator->setFrameShape(QFrame::HLine);
    separator->setFrameShadow(QFrame::Sunken);

    form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    buildFormRows();

    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(buddyLabel(tr("&Paste a connection URL (libpq or SQLAlchemy):"), urlEdit));
    layout->addLayout(urlRow);
    layout->addSpacing(4);
    layout->addWidget(separator);
    layout->addSpacing(4);
    layout->addLayout(form);
    layout->addStretch(1);
    return panel;
}

void ConnectionDialog::Private::buildFormRows()
{
    nameEdit = lineEdit(QStringLiteral("nameEdit"), tr("how it appears in the saved list"));
    hostEdit = lineEdit(QStringLiteral("hostEdit"), tr("local socket or PGHOST"));
    hostEdit->setToolTip(tr("A host name, an address, a socket directory (starting with /) or "
                            "several hosts separated by commas"));
    portSpin = new QSpinBox;
    portSpin->setObjectName(QStringLiteral("portSpin"));
    portSpin->setRange(0, maxPort);
    // 0 stands for "not set", so libpq's PGPORT and its compiled-in default still apply.
    portSpin->setSpecialValueText(tr("default"));
    portSpin->setToolTip(tr("Leave at \"default\" to use PGPORT or 5432"));
    databaseEdit = lineEdit(QStringLiteral("databaseEdit"), tr("same as the user, or PGDATABASE"));
    userEdit = lineEdit(QStringLiteral("userEdit"), tr("your login name, or PGUSER"));
    passwordEdit = lineEdit(QStringLiteral("passwordEdit"));
    passwordEdit->setEchoMode(QLineEdit::Password);
    sslModeCombo = new QComboBox;
    sslModeCombo->setObjectName(QStringLiteral("sslModeCombo"));
    sslModeCombo->addItem(tr("libpq default"), QString());
    sslModeCombo->setItemData(0, tr("Use PGSSLMODE, or libpq's default (prefer)."),
                              Qt::ToolTipRole);
    for (const SslMode &mode : sslModes) {
        sslModeCombo->addItem(QLatin1String(mode.keyword), QLatin1String(mode.keyword));
        sslModeCombo->setItemData(sslModeCombo->count() - 1, tr(mode.help), Qt::ToolTipRole);
    }
    savePasswordBox = new QCheckBox(tr("Save password in the &keychain"));
    savePasswordBox->setObjectName(QStringLiteral("savePasswordBox"));
    savePasswordBox->setToolTip(tr("After a successful connect, keep the password in the "
                                   "system keychain under the connection's name (the connection "
                                   "is saved too). Unchecked, a saved password is forgotten."));
    savePasswordBox->setVisible(false);
    QLabel *passwordHint = hintLabel(
        tr("Without a saved password you are asked each time, or libpq reads ~/.pgpass."));
    passwordHint->setObjectName(QStringLiteral("passwordHint"));
    optionsLabel = hintLabel();
    optionsLabel->setObjectName(QStringLiteral("optionsLabel"));
    optionsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    optionsLabel->setToolTip(tr("Further libpq settings from the pasted URL or the saved "
                                "connection; they are used when connecting and saving."));

    form->addRow(buddyLabel(tr("&Name:"), nameEdit), nameEdit);
    form->addRow(buddyLabel(tr("&Host:"), hostEdit), hostEdit);
    form->addRow(buddyLabel(tr("P&ort:"), portSpin), portSpin);
    form->addRow(buddyLabel(tr("&Database:"), databaseEdit), databaseEdit);
    form->addRow(buddyLabel(tr("&User:"), userEdit), userEdit);
    form->addRow(buddyLabel(tr("Pass&word:"), passwordEdit), passwordEdit);
    form->addRow(static_cast<QWidget *>(nullptr), savePasswordBox);
    form->addRow(static_cast<QWidget *>(nullptr), passwordHint);
    form->addRow(buddyLabel(tr("SSL &mode:"), sslModeCombo), sslModeCombo);
    form->addRow(new QLabel(tr("Other options:")), optionsLabel);
    look = new ConnectionLookFields;
    form->addRow(buddyLabel(tr("&Group:"), look->groupBox()), look);
}

QLayout *ConnectionDialog::Private::buildButtonRow()
{
    demoButton = new QPushButton(tr("Use D&emo Server"));
    demoButton->setObjectName(QStringLiteral("demoButton"));
    demoButton->setToolTip(tr("Connect to the built-in demo database instead"));
    // Ok renamed rather than a custom button, so that it gets the platform's icon and place.
    buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Cancel)->setObjectName(QStringLiteral("cancelButton"));
    connectButton = buttons->button(QDialogButtonBox::Ok);
    connectButton->setText(tr("&Connect"));
    connectButton->setObjectName(QStringLiteral("connectButton"));

    auto *row = new QHBoxLayout;
    row->addWidget(demoButton);
    row->addStretch(1);
    row->addWidget(buttons);
    return row;
}

void ConnectionDialog::Private::setTabOrder()
{
    // clang-format off
    QWidget *const chain[] = {
        savedList, saveButton, deleteButton, urlEdit, applyUrlButton, nameEdit, hostEdit,
        portSpin, databaseEdit, userEdit, passwordEdit, savePasswordBox, sslModeCombo,
        look->groupBox(), look->colorButton(), look->productionBox(), demoButton, connectButton,
        buttons->button(QDialogButtonBox::Cancel)};
    // clang-format on
    for (std::size_t i = 1; i < std::size(chain); ++i)
        QWidget::setTabOrder(chain[i - 1], chain[i]);
    // Qt 6.4's button box makes its first button its focus proxy, and Tab then treats the box
    // as a focus stop that jumps back to that button: Cancel was never reached, or Tab looped
    // between Connect and Cancel. Without the proxy the chain above is followed as written.
    buttons->setFocusProxy(nullptr);
}

void ConnectionDialog::Private::connectSignals()
{
    connect(savedList, &QListWidget::currentItemChanged, q,
            [this](QListWidgetItem *current) { showSaved(current); });
    // Double-click is "connect to this one"; Return already reaches the default button.
    connect(savedList, &QListWidget::itemDoubleClicked, q, [this] { tryConnect(); });
    connect(saveButton, &QPushButton::clicked, q, [this] { saveCurrent(); });
    connect(deleteButton, &QPushButton::clicked, q, [this] { deleteSelected(); });
    connect(urlEdit, &QLineEdit::textChanged, q, [this] { updateButtons(); });
    connect(applyUrlButton, &QPushButton::clicked, q, [this] { applyUrlAndContinue(); });
    connect(connectButton, &QPushButton::clicked, q, [this] { tryConnect(); });
    connect(buttons, &QDialogButtonBox::rejected, q, &QDialog::reject);
    connect(demoButton, &QPushButton::clicked, q, [this] {
        emit q->demoRequested();
        q->reject();
    });
}

ConnectionSpec ConnectionDialog::Private::formSpec() const
{
    ConnectionSpec spec;
    spec.name = nameEdit->text().trimmed();
    spec.host = hostEdit->text().trimmed();
    spec.port = portSpin->value() > 0 ? portSpin->value() : -1;
    spec.database = databaseEdit->text().trimmed();
    spec.user = userEdit->text().trimmed();
    spec.password = passwordEdit->text();
    spec.sslMode = sslModeCombo->currentData().toString();
    spec.options = options;
    look->applyTo(&spec);
    return spec;
}

void ConnectionDialog::Private::fillForm(const ConnectionSpec &spec)
{
    ++fillCount;
    nameEdit->setText(spec.name);
    hostEdit->setText(spec.host);
    portSpin->setValue(spec.port > 0 && spec.port <= maxPort ? spec.port : 0);
    databaseEdit->setText(spec.database);
    userEdit->setText(spec.user);
    passwordEdit->setText(spec.password);
    setSslMode(spec.sslMode);
    options = spec.options;
    look->setLook(spec);
    showOptions();
}

void ConnectionDialog::Private::setSslMode(const QString &mode)
{
    int index = sslModeCombo->findData(mode);
    if (index < 0) {
        // Not one of libpq's modes (a hand-edited settings file): keep it visible and let
        // libpq's error name it, rather than replacing it with something the user did not pick.
        sslModeCombo->addItem(mode, mode);
        index = sslModeCombo->count() - 1;
    }
    sslModeCombo->setCurrentIndex(index);
}

void ConnectionDialog::Private::showOptions()
{
    QStringList parts;
    for (auto it = options.cbegin(); it != options.cend(); ++it) {
        const QString value = isSecretOption(it.key()) ? QStringLiteral("••••••") : it.value();
        parts << it.key() + QLatin1Char('=') + value;
    }
    optionsLabel->setText(parts.join(QLatin1String(", ")));
    form->setRowVisible(optionsLabel, !parts.isEmpty());
}

void ConnectionDialog::Private::setError(const QString &message)
{
    errorLabel->setText(message);
    errorLabel->setVisible(!message.isEmpty());
}

void ConnectionDialog::Private::updateButtons()
{
    applyUrlButton->setEnabled(!urlEdit->text().trimmed().isEmpty());
    saveButton->setEnabled(store != nullptr);
    deleteButton->setEnabled(store != nullptr && savedList->currentItem() != nullptr);
}

// Returns false when the URL field holds text that cannot be parsed; the form is then left as
// it was and the parser's message is shown.
bool ConnectionDialog::Private::applyUrl()
{
    const QString text = urlEdit->text().trimmed();
    if (text.isEmpty())
        return true;
    const model::Result<ConnectionSpec> parsed = ConnectionSpec::parse(text);
    if (!parsed) {
        setError(parsed.error().message);
        return false;
    }
    setError({});
    fillForm(parsed.value());
    selectSaved({});
    // The form now holds everything, password included; the URL would only show the password
    // in clear text and go stale as soon as a field is edited.
    urlEdit->clear();
    return true;
}

void ConnectionDialog::Private::applyUrlAndContinue()
{
    if (applyUrl())
        passwordEdit->setFocus(Qt::OtherFocusReason);
    else
        urlEdit->setFocus(Qt::OtherFocusReason);
}

bool ConnectionDialog::Private::validate()
{
    if (!portSpin->hasAcceptableInput()) {
        setError(tr("The port must be a number from 1 to %1, or \"default\".").arg(maxPort));
        portSpin->setFocus(Qt::OtherFocusReason);
        return false;
    }
    const QString host = hostEdit->text().trimmed();
    // A socket directory may legitimately contain spaces; a host name or address never does.
    const bool socketDir = host.startsWith(QLatin1Char('/'));
    if (!socketDir &&
        std::any_of(host.cbegin(), host.cend(), [](QChar c) { return c.isSpace(); })) {
        setError(tr("The host name \"%1\" contains spaces. Separate several hosts with commas.")
                     .arg(host));
        hostEdit->setFocus(Qt::OtherFocusReason);
        hostEdit->selectAll();
        return false;
    }
    return true;
}

void ConnectionDialog::Private::tryConnect()
{
    // A URL pasted but not applied yet is what the user means; a broken one must not be
    // skipped in favour of whatever the form held before.
    if (!applyUrl()) {
        urlEdit->setFocus(Qt::OtherFocusReason);
        urlEdit->selectAll();
        return;
    }
    if (!validate())
        return;
    setError({});
    saveForPassword();
    q->accept();
}

ConnectionDialog::ConnectionDialog(model::ConnectionStore *store, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(this, store))
{
    setWindowTitle(tr("Connect to PostgreSQL"));
    setObjectName(QStringLiteral("connectionDialog"));

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    QWidget *savedPanel = d->buildSavedPanel();
    splitter->addWidget(savedPanel);
    splitter->addWidget(d->buildFormPanel());
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({savedListWidth, 2 * savedListWidth + 100});
    savedPanel->setVisible(store != nullptr);

    d->errorLabel = new QLabel;
    d->errorLabel->setObjectName(QStringLiteral("errorLabel"));
    d->errorLabel->setWordWrap(true);
    d->errorLabel->setTextFormat(Qt::PlainText);
    d->errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QPalette palette = d->errorLabel->palette();
    palette.setColor(QPalette::WindowText, QColor(0xd3, 0x2f, 0x2f));
    d->errorLabel->setPalette(palette);
    d->errorLabel->hide();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    layout->addWidget(d->errorLabel);
    layout->addLayout(d->buildButtonRow());

    // Only now that the button has the dialog as ancestor does this make it the dialog's
    // default; otherwise QDialog picks the first auto-default button (Save) when shown.
    d->connectButton->setDefault(true);
    d->setTabOrder();
    d->connectSignals();
    d->reloadSaved({});
    d->showOptions();
    d->urlEdit->setFocus(Qt::OtherFocusReason);
    // Start from the last connection used, so reconnecting is a matter of pressing Enter.
    if (store && !store->last().name.isEmpty())
        setSpec(store->last());
    resize(720, 420);
}

ConnectionDialog::~ConnectionDialog() = default;

model::ConnectionSpec ConnectionDialog::spec() const
{
    return d->formSpec();
}

void ConnectionDialog::setSpec(const model::ConnectionSpec &spec)
{
    d->urlEdit->clear();
    d->fillForm(spec);
    d->selectSaved(spec.name);
    if (!spec.host.isEmpty() || !spec.database.isEmpty() || !spec.user.isEmpty())
        d->passwordEdit->setFocus(Qt::OtherFocusReason);
}

void ConnectionDialog::setPasswordStore(PasswordStore *passwords)
{
    d->passwords = passwords;
    d->savePasswordBox->setVisible(passwords != nullptr);
    if (d->passwordEdit->text().isEmpty())
        d->fillSavedPassword(d->nameEdit->text().trimmed());
}

bool ConnectionDialog::savePassword() const
{
    return d->passwords != nullptr && d->savePasswordBox->isChecked();
}

void ConnectionDialog::setSavePassword(bool save)
{
    d->savePasswordBox->setChecked(save);
}

void ConnectionDialog::showError(const QString &message)
{
    d->setError(message);
}

void ConnectionDialog::showError(const model::DbError &error)
{
    d->setError(error.message);
    // Put the cursor where the fix is most likely needed.
    QLineEdit *field = nullptr;
    switch (error.kind) {
    case model::DbError::Kind::AuthFailed:
        field = d->passwordEdit;
        break;
    case model::DbError::Kind::HostNotFound:
    case model::DbError::Kind::ConnectionRefused:
        field = d->hostEdit;
        break;
    case model::DbError::Kind::DatabaseMissing:
        field = d->databaseEdit;
        break;
    default:
        break;
    }
    if (field) {
        field->setFocus(Qt::OtherFocusReason);
        field->selectAll();
    }
}

} // namespace dbx::ui
