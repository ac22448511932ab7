//! INTERPOL's own code lists: sex, eye and hair colours (the codes of the
//! public notices, domain.md 1.4), travel-document types (ICAO 9303 and
//! SLTD) and SLTD loss types.
//!
//! No maintained open data set carries these lists with translations, so
//! the labels are ours; the codes follow the sources named on each list.

use super::{Labels, WorkingLanguage};
use crate::model::open::open_enum;

macro_rules! code_list {
    ($(#[doc = $doc:literal])* $name:ident {
        $($(#[doc = $vdoc:literal])* $var:ident = $code:literal => [$ar:literal, $en:literal, $fr:literal, $es:literal]),+ $(,)?
    }) => {
        open_enum!($(#[doc = $doc])* $name { $($(#[doc = $vdoc])* $var = $code),+ });

        impl $name {
            /// Every code of the list this version knows.
            pub const ALL: &'static [$name] = $name::KNOWN;
            /// The code as written on the wire.
            pub fn code(&self) -> &str {
                self.as_str()
            }
            /// The label in the four working languages; `None` for a code
            /// of a later minor version.
            pub fn labels(&self) -> Option<Labels> {
                match self {
                    $($name::$var => Some(Labels { ar: $ar, en: $en, fr: $fr, es: $es }),)+
                    $name::Unrecognised(_) => None,
                }
            }
            /// The label in one working language; `None` for a code of a
            /// later minor version (show [`code`](Self::code) then).
            pub fn label(&self, lang: WorkingLanguage) -> Option<&'static str> {
                self.labels().map(|l| l.get(lang))
            }
        }
    };
}

code_list!(
    /// Sex as INTERPOL records it (`sex_id`: F, M, U).
    Sex {
        /// Female.
        Female = "F" => ["أنثى", "Female", "Féminin", "Femenino"],
        /// Male.
        Male = "M" => ["ذكر", "Male", "Masculin", "Masculino"],
        /// Unknown.
        Unknown = "U" => ["غير معروف", "Unknown", "Inconnu", "Desconocido"],
    }
);

code_list!(
    /// Eye colour, with the codes of INTERPOL's notices (domain.md 1.4).
    EyeColour {
        /// Black.
        Black = "BLA" => ["أسود", "Black", "Noir", "Negro"],
        /// Blue.
        Blue = "BLU" => ["أزرق", "Blue", "Bleu", "Azul"],
        /// Brown.
        Brown = "BRO" => ["بني", "Brown", "Marron", "Marrón"],
        /// Hazel brown.
        HazelBrown = "BROH" => ["بني عسلي", "Hazel brown", "Marron noisette", "Marrón avellana"],
        /// Green.
        Green = "GRE" => ["أخضر", "Green", "Vert", "Verde"],
        /// Grey.
        Grey = "GRY" => ["رمادي", "Grey", "Gris", "Gris"],
        /// Hazel.
        Hazel = "HAZ" => ["عسلي", "Hazel", "Noisette", "Avellana"],
        /// Other or of two colours.
        Other = "OTHD" => ["أخرى", "Other", "Autre", "Otro"],
        /// Unknown.
        Unknown = "UNK" => ["غير معروف", "Unknown", "Inconnu", "Desconocido"],
    }
);

code_list!(
    /// Hair colour, with the codes of INTERPOL's notices (domain.md 1.4).
    HairColour {
        /// Bald.
        Bald = "BAL" => ["أصلع", "Bald", "Chauve", "Calvo"],
        /// Black.
        Black = "BLA" => ["أسود", "Black", "Noir", "Negro"],
        /// Blond.
        Blond = "BLN" => ["أشقر", "Blond", "Blond", "Rubio"],
        /// Brown.
        Brown = "BRO" => ["بني", "Brown", "Brun", "Castaño"],
        /// Grey.
        Grey = "GRY" => ["رمادي", "Grey", "Gris", "Gris"],
        /// Red.
        Red = "RED" => ["أحمر", "Red", "Roux", "Pelirrojo"],
        /// Sandy.
        Sandy = "SAN" => ["رملي", "Sandy", "Blond roux", "Rubio rojizo"],
        /// White.
        White = "WHI" => ["أبيض", "White", "Blanc", "Blanco"],
        /// Other or dyed.
        Other = "OTHD" => ["أخرى", "Other", "Autre", "Otro"],
        /// Unknown.
        Unknown = "UNK" => ["غير معروف", "Unknown", "Inconnu", "Desconocido"],
    }
);

code_list!(
    /// Travel and identity document types (ICAO 9303 document codes P, I,
    /// A, C, V and the SLTD categories).
    DocumentType {
        /// Passport (ICAO P).
        Passport = "passport" => ["جواز سفر", "Passport", "Passeport", "Pasaporte"],
        /// Diplomatic passport.
        DiplomaticPassport = "diplomatic_passport" => ["جواز سفر دبلوماسي", "Diplomatic passport", "Passeport diplomatique", "Pasaporte diplomático"],
        /// Service or official passport.
        ServicePassport = "service_passport" => ["جواز سفر لمهمة رسمية", "Service passport", "Passeport de service", "Pasaporte de servicio"],
        /// National identity card (ICAO I, A, C).
        IdentityCard = "identity_card" => ["بطاقة هوية", "Identity card", "Carte d'identité", "Documento de identidad"],
        /// Visa (ICAO V).
        Visa = "visa" => ["تأشيرة", "Visa", "Visa", "Visado"],
        /// Residence permit.
        ResidencePermit = "residence_permit" => ["تصريح إقامة", "Residence permit", "Titre de séjour", "Permiso de residencia"],
        /// Travel document for refugees or stateless persons.
        RefugeeTravelDocument = "refugee_travel_document" => ["وثيقة سفر للاجئين", "Refugee travel document", "Titre de voyage pour réfugiés", "Documento de viaje para refugiados"],
        /// Other document.
        Other = "other" => ["وثيقة أخرى", "Other document", "Autre document", "Otro documento"],
    }
);

code_list!(
    /// Why a travel document is in SLTD (domain.md 3: the SLTD loss types).
    LossType {
        /// Stolen before it was issued to anyone.
        StolenBlank = "stolen_blank" => ["مسروقة على بياض", "Stolen blank", "Volé vierge", "Robado en blanco"],
        /// Stolen from its holder.
        StolenFromBearer = "stolen_from_bearer" => ["مسروقة من حاملها", "Stolen from bearer", "Volé au titulaire", "Robado al titular"],
        /// Lost by its holder.
        Lost = "lost" => ["مفقودة", "Lost", "Perdu", "Extraviado"],
        /// Revoked by the issuing authority.
        Revoked = "revoked" => ["ملغاة", "Revoked", "Révoqué", "Revocado"],
        /// Invalid for another reason.
        Invalid = "invalid" => ["غير صالحة", "Invalid", "Invalide", "Inválido"],
    }
);
