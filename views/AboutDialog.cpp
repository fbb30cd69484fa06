#include "views/AboutDialog.h"

#include "htmse/Version.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace htmse {

using namespace Qt::StringLiterals;

AboutDialog::AboutDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("About HTMSE Desktop"));
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(u"<h2>HTMSE Desktop %1</h2>"_s.arg(QLatin1StringView(kVersion)), this);
    auto* purpose = new QLabel(tr("A directory that links victims of human trafficking and modern slavery to "
                                  "professional support, and professionals to each other."),
                               this);
    purpose->setWordWrap(true);
    auto* credits = new QLabel(creditsHtml(), this);
    credits->setObjectName(u"credits"_s);
    credits->setWordWrap(true);
    credits->setTextFormat(Qt::RichText);
    credits->setOpenExternalLinks(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(title);
    layout->addWidget(purpose);
    layout->addWidget(credits);
    layout->addWidget(buttons);
}

QString AboutDialog::creditsHtml()
{
    return tr("<p><b>Data credits</b></p>"
              "<p>Place names and coordinates: <a href=\"https://www.geonames.org/\">GeoNames</a>, "
              "licensed under CC BY 4.0.<br>"
              "Language codes and names: the ISO 639-3 code tables (SIL International), via the iso-639-3 "
              "package.<br>"
              "Countries and their languages: the world-countries data set, under the ODbL 1.0.<br>"
              "Built with Qt %1.</p>")
        .arg(QLatin1StringView(qVersion()));
}

} // namespace htmse
