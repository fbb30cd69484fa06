#include "views/findhelp/LanguagePicker.h"

#include "domain/LanguageCode.h"
#include "taxonomy/Languages.h"

#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QShortcut>
#include <QStringListModel>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

namespace {
struct LanguageChoices
{
    QStringList texts;              // "Tigrinya (tir)"
    QHash<QString, QString> byText; // folded text or code -> code
};

// Living individual languages and macrolanguages, named as the app names them everywhere.
const LanguageChoices& choices()
{
    static const LanguageChoices table = [] {
        LanguageChoices c;
        for (const Languages::Entry& e : Languages::instance().entries()) {
            if (e.type != "living"_L1 || e.scope == "special"_L1)
                continue;
            const auto code = LanguageCode::parse(e.code);
            const QString name = code ? code->name() : e.tableName;
            const QString text = u"%1 (%2)"_s.arg(name, e.code);
            c.texts.append(text);
            c.byText.insert(text.toCaseFolded(), e.code);
            c.byText.insert(e.code, e.code);
            c.byText.insert(name.toCaseFolded(), e.code);
        }
        c.texts.sort(Qt::CaseInsensitive);
        return c;
    }();
    return table;
}

QString displayName(const QString& code)
{
    const auto language = LanguageCode::parse(code);
    return u"%1 (%2)"_s.arg(language ? language->name() : code, code);
}
} // namespace

LanguagePicker::LanguagePicker(QWidget* parent)
    : QWidget(parent)
    , m_edit(new QLineEdit(this))
    , m_completer(new QCompleter(this))
    , m_list(new QListWidget(this))
    , m_remove(new QPushButton(tr("Remove language"), this))
{
    m_edit->setObjectName(u"languageEdit"_s);
    m_edit->setPlaceholderText(tr("Type a language, then Enter"));
    m_edit->setAccessibleName(tr("Add a language"));
    m_completer->setModel(new QStringListModel(choices().texts, m_completer));
    m_completer->setCaseSensitivity(Qt::CaseInsensitive);
    m_completer->setFilterMode(Qt::MatchContains);
    m_completer->setMaxVisibleItems(12);
    m_edit->setCompleter(m_completer);
    connect(m_completer, qOverload<const QString&>(&QCompleter::activated), this, [this](const QString& text) {
        // Clearing the edit from inside the completer's own signal would be undone by it.
        QMetaObject::invokeMethod(
            this,
            [this, text] {
                if (addLanguage(text))
                    m_edit->clear();
            },
            Qt::QueuedConnection);
    });
    connect(m_edit, &QLineEdit::returnPressed, this, [this] {
        if (addLanguage(m_edit->text()))
            m_edit->clear();
    });

    m_list->setObjectName(u"languageList"_s);
    m_list->setAccessibleName(tr("Chosen languages, most preferred first"));
    m_list->setMaximumHeight(m_list->fontMetrics().lineSpacing() * 5);
    m_remove->setObjectName(u"removeLanguage"_s);
    m_remove->setAccessibleName(tr("Remove the selected language"));
    m_remove->setEnabled(false);
    connect(m_remove, &QPushButton::clicked, this, &LanguagePicker::removeSelected);
    auto* remove = new QShortcut(QKeySequence::Delete, m_list, nullptr, nullptr, Qt::WidgetShortcut);
    connect(remove, &QShortcut::activated, this, &LanguagePicker::removeSelected);
    connect(m_list, &QListWidget::currentRowChanged, this,
            [this](int row) { m_remove->setEnabled(row >= 0 && m_list->count() > 0); });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_edit);
    layout->addWidget(m_list);
    auto* row = new QHBoxLayout;
    row->addStretch();
    row->addWidget(m_remove);
    layout->addLayout(row);
    setFocusProxy(m_edit);
}

QStringList LanguagePicker::languages() const
{
    QStringList codes;
    for (int i = 0; i < m_list->count(); ++i)
        codes.append(m_list->item(i)->data(Qt::UserRole).toString());
    return codes;
}

void LanguagePicker::setLanguages(const QStringList& codes)
{
    m_list->clear();
    for (const QString& code : codes) {
        auto* item = new QListWidgetItem(displayName(code), m_list);
        item->setData(Qt::UserRole, code);
    }
    m_remove->setEnabled(false);
    emit languagesChanged();
}

bool LanguagePicker::addLanguage(const QString& text)
{
    const QString key = text.trimmed().toCaseFolded();
    QString code = choices().byText.value(key);
    if (code.isEmpty()) {
        // Any valid code, even one outside the living languages (ISO 639-1/2 become 639-3).
        const auto language = LanguageCode::parse(key);
        if (!language)
            return false;
        code = language->code();
    }
    if (languages().contains(code))
        return true;
    auto* item = new QListWidgetItem(displayName(code), m_list);
    item->setData(Qt::UserRole, code);
    emit languagesChanged();
    return true;
}

void LanguagePicker::removeSelected()
{
    const int row = m_list->currentRow();
    if (row < 0)
        return;
    delete m_list->takeItem(row);
    m_remove->setEnabled(m_list->count() > 0 && m_list->currentRow() >= 0);
    emit languagesChanged();
}

} // namespace htmse
