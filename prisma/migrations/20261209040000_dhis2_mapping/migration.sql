-- DHIS2 mapping (issue 12, docs/reports.md "DHIS2"): each monthly indicator cell of a country
-- (indicator x age band x sex) to a DHIS2 data element and category option combo, and each site to
-- an organisation unit. The server's address and the NAME of the environment variable holding its
-- token live in the country's settings, never the token itself.
CREATE TABLE "dhis2_data_element_maps" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "country_id" UUID NOT NULL,
    "indicator" VARCHAR(40) NOT NULL,
    "age_band" VARCHAR(10) NOT NULL,
    "sex" VARCHAR(10) NOT NULL,
    "data_element" VARCHAR(60) NOT NULL,
    "category_option_combo" VARCHAR(60) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dhis2_data_element_maps_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "dhis2_data_element_maps_country_id_fkey" FOREIGN KEY ("country_id") REFERENCES "countries"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

CREATE UNIQUE INDEX "dhis2_data_element_maps_country_id_indicator_age_band_sex_key" ON "dhis2_data_element_maps"("country_id", "indicator", "age_band", "sex");

CREATE TABLE "dhis2_org_units" (
    "site_id" UUID NOT NULL,
    "org_unit" VARCHAR(60) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "dhis2_org_units_pkey" PRIMARY KEY ("site_id"),
    CONSTRAINT "dhis2_org_units_site_id_fkey" FOREIGN KEY ("site_id") REFERENCES "sites"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
