#include "views/referrals/ReferralPersonPage.h"

#include "taxonomy/Countries.h"
#include "taxonomy/Gazetteer.h"
#include "taxonomy/Languages.h"
#include "views/referrals/ReferralWizardWidgets.h"

#include <QAbstractItemView>
#include <QCheckBox>
#include <QCompleter>
#include <QFormLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QRegularExpression>
#include <QSpinBox>
#include <QStringListModel>
#include <QVBoxLayout>

namespace htmse {

using namespace referralui;
using namespace Qt::StringLiterals;

namespace {
constexpr int kCodeRole = Qt::UserRole + 1;

QString languageText(const QString& code3)
{
    return u"%1 (%2)"_s.arg(Languages::instance().englishName(code3), code3);
}

// Living languages, as "Tigrinya (tir)", for type-ahead (including those QLocale does not name).
const QStringList& languageChoices()
{
    static const QStringList choices = [] {
        QStringList out;
        for (const Languages::Entry& e : Languages::instance().entries())
            if (e.type == "living"_L1 && e.scope != "special"_L1)
                out.append(languageText(e.code));
        out.sort(Qt::CaseInsensitive);
        return out;
    }();
    return choices;
}

std::optional<QString> languageCode(const QString& text)
{
    const QString t = text.trimmed();
    static const QRegularExpression inParens(u"\\(([A-Za-z]{2,3})\\)\\s*$"_s);
    if (const auto m = inParens.match(t); m.hasMatch())
        return Languages::instance().canonical(m.captured(1));
    if (const auto code = Languages::instance().canonical(t))
        return code;
    for (const Languages::Entry& e : Languages::instance().entries())
        if (Languages::instance().englishName(e.code).compare(t, Qt::CaseInsensitive) == 0)
            return e.code;
    return std::nullopt;
}
} // namespace

ReferralPersonPage::ReferralPersonPage(QWidget* parent)
    : QWizardPage(parent)
    , m_languageInput(new QLineEdit(this))
    , m_languages(new QListWidget(this))
    , m_languageMessage(messageLabel(u"languageMessage"_s, this))
    , m_interpreter(new QCheckBox(tr("An &interpreter is needed"), this))
    , m_place(new QLineEdit(this))
    , m_placeCompletions(new QStringListModel(this))
    , m_placeMessage(messageLabel(u"placeMessage"_s, this))
    , m_radius(new QSpinBox(this))
    , m_remote(new QCheckBox(tr("Help &at a distance (phone, video) will do"), this))
{
    setTitle(tr("Languages and place"));
    setSubTitle(tr("The person's languages, most preferred first, and where they are."));
    m_languageInput->setObjectName(u"languageInput"_s);
    m_languageInput->setPlaceholderText(tr("type a language and press Enter"));
    auto* languageCompleter = new QCompleter(languageChoices(), this);
    languageCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    languageCompleter->setFilterMode(Qt::MatchContains);
    m_languageInput->setCompleter(languageCompleter);
    m_languageInput->installEventFilter(this);
    m_languages->setObjectName(u"languages"_s);
    m_languages->setAccessibleName(tr("Chosen languages, most preferred first"));
    m_languages->setToolTip(tr("Delete removes the highlighted language."));
    m_languages->setMaximumHeight(90);
    m_languages->installEventFilter(this);
    m_interpreter->setObjectName(u"interpreter"_s);
    m_interpreter->setAccessibleName(tr("An interpreter is needed"));
    m_place->setObjectName(u"place"_s);
    m_place->setPlaceholderText(tr("a town or city; leave empty if not known"));
    auto* placeCompleter = new QCompleter(m_placeCompletions, this);
    placeCompleter->setCaseSensitivity(Qt::CaseInsensitive);
    placeCompleter->setCompletionMode(QCompleter::UnfilteredPopupCompletion);
    m_place->setCompleter(placeCompleter);
    m_radius->setObjectName(u"radius"_s);
    m_radius->setRange(1, 2000);
    m_radius->setValue(50);
    m_radius->setSuffix(tr(" km"));
    m_remote->setObjectName(u"remote"_s);
    m_remote->setAccessibleName(tr("Help at a distance will do"));

    auto* form = new QFormLayout;
    addRow(form, tr("&Language:"), m_languageInput);
    addRow(form, tr("C&hosen:"), m_languages);
    form->addRow(QString(), m_languageMessage);
    form->addRow(QString(), m_interpreter);
    addRow(form, tr("&Place:"), m_place);
    form->addRow(QString(), m_placeMessage);
    addRow(form, tr("&Within:"), m_radius);
    form->addRow(QString(), m_remote);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addStretch(1);
    setTabOrder(m_languageInput, m_languages);
    setTabOrder(m_languages, m_interpreter);
    setTabOrder(m_interpreter, m_place);
    setTabOrder(m_place, m_radius);
    setTabOrder(m_radius, m_remote);
    connect(languageCompleter, qOverload<const QString&>(&QCompleter::activated), this, [this](const QString& text) {
        if (addLanguage(text))
            QMetaObject::invokeMethod(m_languageInput, &QLineEdit::clear, Qt::QueuedConnection);
    });
    connect(m_place, &QLineEdit::textEdited, this, &ReferralPersonPage::updatePlaceCompletions);
    connect(m_place, &QLineEdit::textChanged, this, [this] { m_placeMessage->hide(); });
}

bool ReferralPersonPage::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() != QEvent::KeyPress)
        return QWizardPage::eventFilter(watched, event);
    const int key = static_cast<QKeyEvent*>(event)->key();
    if (watched == m_languageInput && (key == Qt::Key_Return || key == Qt::Key_Enter) &&
        !m_languageInput->text().trimmed().isEmpty()) {
        // Enter adds the language typed (or the one highlighted in the list); it does not go on to
        // the next page.
        QCompleter* completer = m_languageInput->completer();
        const bool fromList = completer->popup()->isVisible() && completer->popup()->currentIndex().isValid();
        const QString text = fromList ? completer->popup()->currentIndex().data().toString() : m_languageInput->text();
        completer->popup()->hide();
        if (addLanguage(text))
            m_languageInput->clear();
        return true;
    }
    if (watched == m_languages && (key == Qt::Key_Delete || key == Qt::Key_Backspace) && m_languages->currentItem()) {
        delete m_languages->takeItem(m_languages->currentRow());
        return true;
    }
    return QWizardPage::eventFilter(watched, event);
}

bool ReferralPersonPage::addLanguage(const QString& text)
{
    const auto code = languageCode(text);
    if (!code) {
        showMessage(m_languageMessage,
                    tr("\"%1\" is not a language this directory knows. Type part of its name "
                       "and choose it from the list, or type its three-letter code.")
                        .arg(text.trimmed()),
                    false);
        return false;
    }
    m_languageMessage->hide();
    if (!languages().contains(*code)) {
        auto* item = new QListWidgetItem(languageText(*code), m_languages);
        item->setData(kCodeRole, *code);
    }
    return true;
}

QString ReferralPersonPage::rememberPlace(const Gazetteer::City* city)
{
    // "Leeds (England), GB": the region tells two places of one name apart.
    const QString text = city->region.isEmpty() ? u"%1, %2"_s.arg(city->name, city->country)
                                                : u"%1 (%2), %3"_s.arg(city->name, city->region, city->country);
    m_placeIds.insert(text, city->id);
    return text;
}

const Gazetteer::City* ReferralPersonPage::city() const
{
    const QString text = m_place->text().trimmed();
    if (text.isEmpty())
        return nullptr;
    if (const auto it = m_placeIds.constFind(text); it != m_placeIds.cend())
        return Gazetteer::instance().byId(*it);
    return Gazetteer::instance().resolve(text);
}

void ReferralPersonPage::updatePlaceCompletions(const QString& text)
{
    QStringList out;
    if (text.trimmed().size() >= 2)
        for (const Gazetteer::City* city : Gazetteer::instance().complete(text.trimmed(), {}, 10))
            out.append(rememberPlace(city));
    m_placeCompletions->setStringList(out);
}

bool ReferralPersonPage::validatePage()
{
    // A language typed but not added yet is what the person meant.
    if (!m_languageInput->text().trimmed().isEmpty()) {
        if (!addLanguage(m_languageInput->text()))
            return false;
        m_languageInput->clear();
    }
    if (!m_place->text().trimmed().isEmpty() && !city()) {
        showMessage(m_placeMessage,
                    tr("No place called \"%1\" was found. Choose one from the list as you type, or leave it "
                       "empty.")
                        .arg(m_place->text().trimmed()),
                    false);
        return false;
    }
    return true;
}

QStringList ReferralPersonPage::languages() const
{
    QStringList out;
    for (int row = 0; row < m_languages->count(); ++row)
        out.append(m_languages->item(row)->data(kCodeRole).toString());
    return out;
}

bool ReferralPersonPage::interpreter() const
{
    return m_interpreter->isChecked();
}

std::optional<ReferralLocation> ReferralPersonPage::location() const
{
    const Gazetteer::City* found = city();
    if (!found)
        return std::nullopt;
    return ReferralLocation{found->name, found->country, found->point()};
}

double ReferralPersonPage::radiusKm() const
{
    return m_radius->value();
}

bool ReferralPersonPage::remoteOk() const
{
    return m_remote->isChecked();
}

void ReferralPersonPage::setLanguages(const QStringList& codes)
{
    m_languages->clear();
    for (const QString& code : codes)
        addLanguage(code);
}

void ReferralPersonPage::setInterpreter(bool needed)
{
    m_interpreter->setChecked(needed);
}

void ReferralPersonPage::setPlace(const std::optional<GeoPoint>& near, double radiusKm, bool remoteOk)
{
    const Gazetteer::City* nearest = near ? Gazetteer::instance().nearest(*near) : nullptr;
    m_place->setText(nearest ? rememberPlace(nearest) : QString());
    m_radius->setValue(int(radiusKm));
    m_remote->setChecked(remoteOk);
}

void ReferralPersonPage::clearAll()
{
    m_languageInput->clear();
    m_languages->clear();
    m_languageMessage->hide();
    m_interpreter->setChecked(false);
    m_place->clear();
    m_placeCompletions->setStringList({});
    m_placeMessage->hide();
    m_radius->setValue(50);
    m_remote->setChecked(false);
}

} // namespace htmse
