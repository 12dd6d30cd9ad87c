-- Finding a case by a misspelt name. Each word of a case's search name is indexed as itself and, if it has
-- four letters or more, as each of the words it makes with one letter left out ("smith": smith, mith, sith,
-- smth, smit, smih). A name and a query that share a key are at most two edits apart, and every one-letter
-- mistake (a letter changed, missed, added or two swapped) shares one. Short surnames, which trigram
-- similarity misses (Khan and Kahn share little), are found the same as long ones, and the lookup reads only
-- the few names that share a key, whatever the number of cases.
create function case_name_keys(name text) returns text[]
language plpgsql immutable strict parallel safe as $$
declare
  keys text[] := '{}';
  word text;
begin
  foreach word in array string_to_array(name, ' ') loop
    continue when word = '';
    keys := keys || word;
    if length(word) >= 4 then
      for i in 1..length(word) loop
        keys := keys || (left(word, i - 1) || substr(word, i + 1));
      end loop;
    end if;
  end loop;
  return keys;
end
$$;

-- New entries wait in a short pending list that every search reads through, so it is kept short (256 kB, not
-- the 4 MB default): after an import a search need not read megabytes of unsorted keys.
create index cases_name_keys_idx on cases using gin (case_name_keys(search_name))
  with (gin_pending_list_limit = 256);
